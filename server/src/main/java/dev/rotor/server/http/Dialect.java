package dev.rotor.server.http;

import dev.rotor.server.config.DialectSettings;
import java.util.List;

/**
 * One wire dialect (DIALECTS.md): the exact HTTP contract of one product, over the shared engine. A dialect parses a
 * request, calls the core, and writes the core's answer in its own words; it never decides engine rules.
 *
 * <p>See {@code package-info.java} for how to add one.
 */
public interface Dialect {

    /** The dialect's validated {@code ROTOR_<NAME>_*} settings: name, on/off, prefix, rotation, lifetimes, extras. */
    DialectSettings settings();

    /** Lower-case name, as in {@code ROTOR_DIALECTS} and {@code ROTOR_<NAME>_*}. */
    default String name() {
        return settings().name();
    }

    /** False when {@code ROTOR_DIALECTS} leaves it out: its routes are then not registered at all. */
    default boolean enabled() {
        return settings().enabled();
    }

    /** Path prefix ({@code ROTOR_<NAME>_PREFIX}), "" for none; {@link Routes} applies it to every route. */
    default String prefix() {
        return settings().prefix();
    }

    /** Registers the dialect's endpoints, with paths as DIALECTS.md writes them (without the prefix). */
    void routes(Routes routes);

    /** How this dialect words an error it did not produce itself: 413, 404/405 within its paths, any 5xx. */
    ErrorShape errorShape();

    /** What OAuth 2.0 introspection and revocation need to recognise this dialect's tokens; none by default. */
    default List<TokenIntrospector> introspectors() {
        return List.of();
    }
}

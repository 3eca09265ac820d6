package dev.rotor.server.http;

import java.util.List;

/**
 * One wire dialect (DIALECTS.md): the exact HTTP contract of one product, over the shared engine. A dialect parses a
 * request, calls the core, and writes the core's answer in its own words; it never decides engine rules.
 *
 * <p>See {@code package-info.java} for how to add one.
 */
public interface Dialect {

    /** Lower-case name, as in {@code ROTOR_DIALECTS} and {@code ROTOR_<NAME>_*}. */
    String name();

    /** False when {@code ROTOR_DIALECTS} leaves it out: its routes are then not registered at all. */
    boolean enabled();

    /** Path prefix ({@code ROTOR_<NAME>_PREFIX}), "" for none; {@link Routes} applies it to every route. */
    String prefix();

    /** Registers the dialect's endpoints, with paths as DIALECTS.md writes them (without the prefix). */
    void routes(Routes routes);

    /** How this dialect words an error it did not produce itself: 413, 404/405 within its paths, any 5xx. */
    ErrorShape errorShape();

    /** What OAuth 2.0 introspection and revocation need to recognise this dialect's tokens; none by default. */
    default List<TokenIntrospector> introspectors() {
        return List.of();
    }
}

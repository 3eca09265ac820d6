package dev.rotor.server.config;

import dev.rotor.core.session.RotationPolicy;
import java.time.Duration;
import java.util.Optional;

/**
 * The settings every dialect has ({@code ROTOR_<D>_*} in DESIGN.md), already validated, with the dialect's own
 * defaults filled in.
 *
 * @param prefix     path prefix its routes are moved under; "" for none, else starts with "/" and has no trailing "/"
 * @param signingKey {@code ROTOR_<D>_SIGNING_KEY}, or null (the key ring then keeps a generated key)
 * @param issuer     {@code ROTOR_<D>_ISSUER}, or null
 */
public record DialectSettings(String name, boolean enabled, String prefix, RotationPolicy rotation, Duration accessTtl,
                              Duration refreshTtl, String signingKey, String issuer, Lookup extra) {

    /** Reads a dialect-specific setting such as {@code ROTOR_OAUTH2_PASSWORD_GRANT} (by its suffix, {@code PASSWORD_GRANT}). */
    @FunctionalInterface
    public interface Lookup {
        Optional<String> get(String suffix);
    }

    public Optional<String> extra(String suffix) {
        return extra.get(suffix);
    }

    /** A dialect-specific boolean setting; a value other than true/false is a startup error naming the setting. */
    public boolean flag(String suffix, boolean fallback) {
        return extra(suffix).map(v -> Settings.parseBoolean(Settings.dialectKey(name, suffix), v)).orElse(fallback);
    }

    /** Joins the prefix and a dialect path: {@code path("/oauth2/token")}. */
    public String path(String route) {
        return prefix + route;
    }

    public Optional<String> issuerOpt() {
        return Optional.ofNullable(issuer);
    }
}

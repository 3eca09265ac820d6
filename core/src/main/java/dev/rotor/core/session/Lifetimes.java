package dev.rotor.core.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long a dialect's tokens and sessions live.
 *
 * @param accessTtl        lifetime of an access token
 * @param refreshTtl       lifetime of one refresh token from its issue
 * @param idleTimeout      a session unused this long ends
 * @param absoluteLifetime a session ends this long after login whatever happens; {@link Duration#ZERO} means
 *                         the dialect documents a sliding window instead (gorb: each rotated token lives 30 more days)
 */
public record Lifetimes(Duration accessTtl, Duration refreshTtl, Duration idleTimeout, Duration absoluteLifetime) {

    public Lifetimes {
        Objects.requireNonNull(accessTtl, "accessTtl");
        Objects.requireNonNull(refreshTtl, "refreshTtl");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(absoluteLifetime, "absoluteLifetime");
        if (notPositive(accessTtl) || notPositive(refreshTtl) || notPositive(idleTimeout) || absoluteLifetime.isNegative()) {
            throw new IllegalArgumentException("lifetimes must be positive (absolute lifetime may be zero for a sliding window)");
        }
    }

    /** Lifetimes whose idle timeout equals the refresh lifetime and whose absolute lifetime is {@code absolute}. */
    public static Lifetimes of(Duration access, Duration refresh, Duration absolute) {
        return new Lifetimes(access, refresh, refresh, absolute);
    }

    public boolean sliding() {
        return absoluteLifetime.isZero();
    }

    /** The absolute expiry of a session started at {@code start}, or null for a sliding window. */
    public Instant absoluteExpiry(Instant start) {
        return sliding() ? null : start.plus(absoluteLifetime);
    }

    /** Expiry of a refresh token issued at {@code now}: never past the session's absolute expiry (CORE.md). */
    public Instant refreshExpiry(Instant now, Instant sessionAbsoluteExpiry) {
        Instant natural = now.plus(refreshTtl);
        return sessionAbsoluteExpiry != null && sessionAbsoluteExpiry.isBefore(natural) ? sessionAbsoluteExpiry : natural;
    }

    private static boolean notPositive(Duration d) {
        return d.isNegative() || d.isZero();
    }
}

package dev.rotor.core.session;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * When a refresh replaces the presented refresh token by a successor (CORE.md "Sessions and token families").
 */
public sealed interface RotationPolicy permits RotationPolicy.Always, RotationPolicy.Never, RotationPolicy.After {

    /** True when a token issued at {@code issuedAt} must be rotated by a refresh at {@code now}. */
    boolean rotates(Instant issuedAt, Instant now);

    /** Every refresh rotates (RFC 9700 §4.14.2). */
    record Always() implements RotationPolicy {
        @Override
        public boolean rotates(Instant issuedAt, Instant now) {
            return true;
        }

        @Override
        public String toString() {
            return "always";
        }
    }

    /** The refresh token is reused until it expires. */
    record Never() implements RotationPolicy {
        @Override
        public boolean rotates(Instant issuedAt, Instant now) {
            return false;
        }

        @Override
        public String toString() {
            return "never";
        }
    }

    /** Rotate only a token older than {@code age}: gorb's seed says the same token comes back while under 23 days old. */
    record After(Duration age) implements RotationPolicy {
        public After {
            if (age == null || age.isNegative()) {
                throw new IllegalArgumentException("rotation age must be a non-negative duration");
            }
        }

        @Override
        public boolean rotates(Instant issuedAt, Instant now) {
            return Duration.between(issuedAt, now).compareTo(age) > 0;
        }

        @Override
        public String toString() {
            return "after:" + age;
        }
    }

    RotationPolicy ALWAYS = new Always();
    RotationPolicy NEVER = new Never();

    /** Parses {@code always}, {@code never} or {@code after:<ISO-8601 duration>} such as {@code after:P23D}. */
    static RotationPolicy parse(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("always")) {
            return ALWAYS;
        }
        if (value.equals("never")) {
            return NEVER;
        }
        if (value.startsWith("after:")) {
            try {
                return new After(Duration.parse(value.substring("after:".length()).toUpperCase(Locale.ROOT)));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("rotation 'after:' needs an ISO-8601 duration such as after:P23D, got: " + text);
            }
        }
        throw new IllegalArgumentException("rotation must be always, never or after:<duration>, got: " + text);
    }
}

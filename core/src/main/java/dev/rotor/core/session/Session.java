package dev.rotor.core.session;

import java.time.Instant;
import java.util.Objects;

/**
 * A login: one refresh-token family (CORE.md "Sessions and token families").
 *
 * @param absoluteExpiresAt null when the dialect uses a sliding window
 * @param revokedAt         null while the session is active
 * @param revokedReason     why it was revoked (logout, reuse, admin, user-disabled, …), null while active
 */
public record Session(
        String id,
        String userId,
        String dialect,
        String clientId,
        String deviceName,
        String scope,
        Instant createdAt,
        Instant lastUsedAt,
        Instant idleExpiresAt,
        Instant absoluteExpiresAt,
        Instant revokedAt,
        String revokedReason) {

    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(idleExpiresAt, "idleExpiresAt");
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** True when the idle or absolute lifetime has run out at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(idleExpiresAt) || (absoluteExpiresAt != null && !now.isBefore(absoluteExpiresAt));
    }

    public boolean activeAt(Instant now) {
        return !revoked() && !expiredAt(now);
    }

    public Session touched(Instant now, Instant idleExpiry) {
        return new Session(id, userId, dialect, clientId, deviceName, scope, createdAt, now, idleExpiry,
                absoluteExpiresAt, revokedAt, revokedReason);
    }

    public Session revokedAt(Instant at, String reason) {
        return new Session(id, userId, dialect, clientId, deviceName, scope, createdAt, lastUsedAt, idleExpiresAt,
                absoluteExpiresAt, at, reason);
    }
}

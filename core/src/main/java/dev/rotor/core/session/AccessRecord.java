package dev.rotor.core.session;

import java.time.Instant;
import java.util.Objects;

/**
 * What the store keeps of one opaque access token (dialects whose access tokens are not JWTs, such as gorb):
 * a hash, so that introspection can answer for it and a revoke can end it at once.
 */
public record AccessRecord(String tokenHash, String sessionId, Instant issuedAt, Instant expiresAt) {

    public AccessRecord {
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}

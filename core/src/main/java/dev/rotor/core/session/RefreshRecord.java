package dev.rotor.core.session;

import java.time.Instant;
import java.util.Objects;

/**
 * What the store keeps of one refresh token: never the token, only a hash of its secret.
 *
 * @param tokenHash     {@link dev.rotor.core.token.RefreshKey} of the token's secret (its hash, stamped when the
 *                      secret carries a stamp); the primary key
 * @param successorHash hash of the token that replaced this one, null while this token is current
 * @param rotatedAt     when it was replaced, null while current
 */
public record RefreshRecord(
        String tokenHash,
        String sessionId,
        Instant issuedAt,
        Instant expiresAt,
        String successorHash,
        Instant rotatedAt) {

    public RefreshRecord {
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if ((successorHash == null) != (rotatedAt == null)) {
            throw new IllegalArgumentException("successorHash and rotatedAt are set together");
        }
    }

    /** A freshly issued, current token. */
    public static RefreshRecord current(String tokenHash, String sessionId, Instant issuedAt, Instant expiresAt) {
        return new RefreshRecord(tokenHash, sessionId, issuedAt, expiresAt, null, null);
    }

    public boolean isCurrent() {
        return successorHash == null;
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}

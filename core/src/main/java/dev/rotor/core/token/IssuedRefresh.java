package dev.rotor.core.token;

import dev.rotor.core.session.RefreshRecord;
import java.time.Instant;

/**
 * A refresh token the client should hold: its secret and the times a dialect encodes into it. Encoding the same
 * value twice must give the same token, so that a grace-period retry returns the identical successor.
 */
public record IssuedRefresh(byte[] secret, Instant issuedAt, Instant expiresAt) {

    public String key() {
        return RefreshKey.of(secret);
    }

    /** What the store keeps of it while it is current. */
    public RefreshRecord toRecord(String sessionId) {
        return RefreshRecord.current(key(), sessionId, issuedAt, expiresAt);
    }
}

package dev.rotor.core.token;

import dev.rotor.core.session.AccessRecord;
import java.time.Duration;
import java.time.Instant;

/** An opaque access token minted by the engine (for dialects that do not use JWT access tokens). */
public record IssuedAccess(byte[] secret, Instant issuedAt, Instant expiresAt) {

    public static IssuedAccess mint(int bytes, Instant now, Duration ttl) {
        return new IssuedAccess(Secrets.random(bytes), now, now.plus(ttl));
    }

    /** What the store keeps of it. */
    public AccessRecord toRecord(String sessionId) {
        return new AccessRecord(TokenHash.of(secret), sessionId, issuedAt, expiresAt);
    }
}

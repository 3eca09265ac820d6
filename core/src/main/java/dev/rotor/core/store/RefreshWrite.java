package dev.rotor.core.store;

import dev.rotor.core.session.AccessRecord;
import dev.rotor.core.session.RefreshRecord;
import java.time.Instant;
import java.util.Objects;

/**
 * Everything one refresh changes, applied by {@link TokenStore#applyRefresh} in one transaction.
 *
 * @param presentedHash the token presented; with a successor, it is marked rotated only if it is still current
 * @param successor     the new current token, or null when the policy does not rotate this time
 * @param access        a new opaque access token that replaces the session's previous ones, or null
 */
public record RefreshWrite(
        String sessionId,
        String presentedHash,
        RefreshRecord successor,
        Instant usedAt,
        Instant idleExpiresAt,
        AccessRecord access) {

    public RefreshWrite {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(presentedHash, "presentedHash");
        Objects.requireNonNull(usedAt, "usedAt");
        Objects.requireNonNull(idleExpiresAt, "idleExpiresAt");
    }
}

package dev.rotor.core.session;

import dev.rotor.core.event.SecurityEvent;
import dev.rotor.core.event.SecurityEvents;
import dev.rotor.core.store.TokenStore;
import dev.rotor.core.store.UserStore;
import dev.rotor.core.token.IssuedAccess;
import dev.rotor.core.token.IssuedRefresh;
import dev.rotor.core.token.RefreshKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Starts, adopts, lists and ends sessions (CORE.md "Sessions and token families", "Revocation"). */
public final class SessionService {

    private final TokenStore tokens;
    private final UserStore users;
    private final Clock clock;
    private final SecurityEvents events;

    public SessionService(TokenStore tokens, UserStore users, Clock clock, SecurityEvents events) {
        this.tokens = tokens;
        this.users = users;
        this.clock = clock;
        this.events = events;
    }

    /** Starts a session after a successful login and issues its first refresh (and opaque access) token. */
    public StartedSession start(DialectRules rules, StartRequest request) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Session session = newSession(rules, request, now);
        IssuedRefresh refresh = new IssuedRefresh(RefreshKey.newSecret(rules.refreshSecretBytes(), now), now,
                rules.lifetimes().refreshExpiry(now, session.absoluteExpiresAt()));
        IssuedAccess access = rules.opaqueAccess()
                ? IssuedAccess.mint(rules.opaqueAccessBytes(), now, rules.lifetimes().accessTtl()) : null;
        if (!tokens.createSession(session, refresh.toRecord(session.id()), access == null ? null : access.toRecord(session.id()))) {
            throw new IllegalStateException("a fresh random refresh secret collided with a stored one");
        }
        return new StartedSession(session, refresh, access);
    }

    /**
     * Adopts a refresh token that another system signed for a user Rotor knows (simplejwt interoperability): the
     * token becomes the first of a new session unless it is known already, in which case nothing changes and the
     * normal refresh rules apply to it.
     */
    public void adopt(DialectRules rules, String userId, byte[] secret, Instant issuedAt, Instant expiresAt) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Session session = newSession(rules, StartRequest.forUser(userId), now);
        tokens.createSession(session, RefreshRecord.current(RefreshKey.of(secret), session.id(), issuedAt, expiresAt),
                null);
    }

    /** Ends a session: its refresh tokens and opaque access tokens stop working at once. */
    public boolean revoke(String sessionId, String reason) {
        Instant now = clock.instant();
        boolean revoked = tokens.revokeSession(sessionId, reason, now);
        if (revoked) {
            String userId = tokens.findSession(sessionId).map(Session::userId).orElse(null);
            events.record(new SecurityEvent(SecurityEvent.Type.SESSION_REVOKED, now, sessionId, userId, null, reason));
        }
        return revoked;
    }

    /** Ends the session that a refresh token belongs to, whatever state that token is in. */
    public boolean revokeByRefreshSecret(byte[] secret, String reason) {
        return RefreshKey.find(secret, tokens::findRefresh).map(r -> revoke(r.sessionId(), reason)).orElse(false);
    }

    /** Disables a user and ends all their sessions (CORE.md "Revocation"). */
    public boolean disableUser(String userId) {
        if (!users.setActive(userId, false)) {
            return false;
        }
        Instant now = clock.instant();
        int ended = tokens.revokeUserSessions(userId, "user-disabled", now);
        events.record(new SecurityEvent(SecurityEvent.Type.USER_DISABLED, now, null, userId, null,
                "sessions ended: " + ended));
        return true;
    }

    /**
     * Removes a user and ends all their sessions (CORE.md "Refresh": a deleted user's tokens are invalid). The steps
     * go in an order that needs no transaction across stores: disabled first, so that no login starts a session
     * meanwhile; sessions ended before the record goes, so that a user added again under the same id (an import
     * keeps ids) does not get the old sessions back. Run again, it finishes what a crash interrupted.
     */
    public boolean removeUser(String userId) {
        if (!users.setActive(userId, false)) {
            return false;
        }
        Instant now = clock.instant();
        int ended = tokens.revokeUserSessions(userId, "user-removed", now);
        users.remove(userId);
        events.record(new SecurityEvent(SecurityEvent.Type.USER_REMOVED, now, null, userId, null,
                "sessions ended: " + ended));
        return true;
    }

    /** Stores a new password hash and ends every session of the user (CORE.md "Revocation"). */
    public boolean changePassword(String userId, String newHash) {
        if (!users.setPasswordHash(userId, newHash)) {
            return false;
        }
        tokens.revokeUserSessions(userId, "password-changed", clock.instant());
        return true;
    }

    public List<Session> sessionsOf(String userId) {
        return tokens.sessionsOfUser(userId);
    }

    /** The session, if it exists and is neither revoked nor expired now: what introspection reports as active. */
    public Optional<Session> activeSession(String sessionId) {
        Instant now = clock.instant();
        return tokens.findSession(sessionId).filter(s -> s.activeAt(now));
    }

    private Session newSession(DialectRules rules, StartRequest request, Instant now) {
        Lifetimes lifetimes = rules.lifetimes();
        return new Session(UUID.randomUUID().toString(), request.userId(), rules.dialect(), request.clientId(),
                request.deviceName(), request.scope(), now, now, now.plus(lifetimes.idleTimeout()),
                lifetimes.absoluteExpiry(now), null, null);
    }
}

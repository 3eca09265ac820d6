package dev.rotor.core.refresh;

import dev.rotor.core.Failure;
import dev.rotor.core.Outcome;
import dev.rotor.core.event.SecurityEvent;
import dev.rotor.core.event.SecurityEvents;
import dev.rotor.core.session.AccessRecord;
import dev.rotor.core.session.DialectRules;
import dev.rotor.core.session.RefreshRecord;
import dev.rotor.core.session.Session;
import dev.rotor.core.store.RefreshWrite;
import dev.rotor.core.store.TokenStore;
import dev.rotor.core.store.User;
import dev.rotor.core.store.UserStore;
import dev.rotor.core.store.WriteResult;
import dev.rotor.core.token.IssuedAccess;
import dev.rotor.core.token.IssuedRefresh;
import dev.rotor.core.token.SuccessorDeriver;
import dev.rotor.core.token.RefreshKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Trades a refresh token for a new session state: CORE.md "Refresh, step by step", steps 2–6. Step 1 (parsing the
 * dialect's format) is the dialect's; it hands over the token's secret.
 */
public final class RefreshService {

    /** CORE.md: the grace period is at most 60 seconds. */
    public static final Duration MAX_GRACE = Duration.ofSeconds(60);

    private final TokenStore tokens;
    private final UserStore users;
    private final Clock clock;
    private final SuccessorDeriver deriver;
    private final Duration grace;
    private final SecurityEvents events;

    public RefreshService(TokenStore tokens, UserStore users, Clock clock, SuccessorDeriver deriver, Duration grace,
                          SecurityEvents events) {
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw new IllegalArgumentException("the grace period must be between 0 and 60 seconds, got " + grace);
        }
        this.tokens = tokens;
        this.users = users;
        this.clock = clock;
        this.deriver = deriver;
        this.grace = grace;
        this.events = events;
    }

    /** Refreshes with the secret of a presented refresh token of {@code rules.dialect()}. */
    public Outcome<Refreshed> refresh(DialectRules rules, byte[] presentedSecret) {
        return asOneUnit(() -> lookUp(rules, presentedSecret)
                .map(presented -> refresh(rules, presented))
                .orElseGet(() -> Outcome.refused(Failure.INVALID)));
    }

    /**
     * Runs a dialect's own {@link #lookUp}, its checks of what was found and its {@link #refresh(DialectRules,
     * PresentedRefresh)} as one unit of the token store ({@link TokenStore#asOneUnit}), as
     * {@link #refresh(DialectRules, byte[])} does by itself.
     */
    public <T> T asOneUnit(Supplier<T> work) {
        return tokens.asOneUnit(work);
    }

    /** {@link #asOneUnit(Supplier)} without waiting for it: see {@link TokenStore#asOneUnit(Supplier, Executor)}. */
    public <T> CompletionStage<T> asOneUnit(Supplier<T> work, Executor then) {
        return tokens.asOneUnit(work, then);
    }

    /**
     * Step 2 alone: the token's record, session and user when it is a token of {@code rules.dialect()}, else empty (an
     * unknown token, or one of another dialect, which is unknown here too: DIALECTS.md). Changes nothing.
     */
    public Optional<PresentedRefresh> lookUp(DialectRules rules, byte[] presentedSecret) {
        return RefreshKey.find(presentedSecret, key -> tokens.findRefreshInSession(key, users))
                .filter(found -> found.session().dialect().equals(rules.dialect()))
                .map(found -> new PresentedRefresh(presentedSecret, found.refresh(), found.session(), found.user()));
    }

    /** Steps 3–6 for a token that {@link #lookUp} found with these rules. */
    public Outcome<Refreshed> refresh(DialectRules rules, PresentedRefresh presented) {
        // Stores keep milliseconds; truncating here makes a retry re-encode exactly what the first answer carried.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        byte[] presentedSecret = presented.secret();
        RefreshRecord record = presented.record();
        Session session = presented.session();
        if (!session.dialect().equals(rules.dialect())) {
            throw new IllegalArgumentException("a token looked up as " + session.dialect() + " refreshed as "
                    + rules.dialect());
        }
        if (session.revoked()) {
            return Outcome.refused(Failure.REVOKED);
        }
        if (record.expiredAt(now) || session.expiredAt(now)) {
            return Outcome.refused(Failure.EXPIRED);
        }
        Optional<User> user = presented.user();
        if (user.isEmpty()) {
            return Outcome.refused(Failure.USER_DELETED);
        }
        if (!user.get().active()) {
            return Outcome.refused(Failure.USER_DISABLED);
        }
        return record.isCurrent()
                ? useCurrent(rules, presentedSecret, record, session, user.get(), now)
                : retryOrReuse(rules, presentedSecret, record, session, user.get(), now);
    }

    /** Step 4: the token is current. */
    private Outcome<Refreshed> useCurrent(DialectRules rules, byte[] secret, RefreshRecord record, Session session,
                                          User user, Instant now) {
        Instant idleExpiry = now.plus(rules.lifetimes().idleTimeout());
        IssuedAccess access = rules.opaqueAccess() ? newAccess(rules, now) : null;
        boolean rotate = rules.rotation().rotates(record.issuedAt(), now);
        IssuedRefresh held = rotate
                ? new IssuedRefresh(deriver.successorOf(secret, now), now,
                        rules.lifetimes().refreshExpiry(now, session.absoluteExpiresAt()))
                : new IssuedRefresh(secret, record.issuedAt(), record.expiresAt());
        RefreshRecord successor = rotate
                ? held.toRecord(session.id()) : null;
        WriteResult result = tokens.applyRefresh(new RefreshWrite(session.id(), record.tokenHash(), successor, now,
                idleExpiry, accessRecord(access, session.id())));
        return switch (result) {
            case APPLIED -> Outcome.ok(new Refreshed(session.touched(now, idleExpiry), user, held, rotate, access));
            case SESSION_NOT_ACTIVE -> Outcome.refused(Failure.REVOKED);
            // Another request rotated it between our read and our write: now it is a retry, or reuse.
            case ALREADY_ROTATED -> tokens.findRefresh(record.tokenHash())
                    .map(rotated -> retryOrReuse(rules, secret, rotated, session, user, now))
                    .orElseGet(() -> Outcome.refused(Failure.INVALID));
        };
    }

    /** Step 5: the token was rotated already. */
    private Outcome<Refreshed> retryOrReuse(DialectRules rules, byte[] secret, RefreshRecord record, Session session,
                                            User user, Instant now) {
        Optional<RefreshRecord> successor = tokens.findRefresh(record.successorHash());
        boolean immediatePredecessor = successor.map(RefreshRecord::isCurrent).orElse(false);
        boolean withinGrace = now.isBefore(record.rotatedAt().plus(grace));
        if (!immediatePredecessor || !withinGrace) {
            return reuse(session, now);
        }
        byte[] successorSecret = deriver.successorOf(secret, record.rotatedAt());
        if (!RefreshKey.of(successorSecret).equals(record.successorHash())) {
            // Only possible if the derivation key changed since the rotation, or the rotation was made by a version
            // that did not stamp successors (RefreshKey), moments before an upgrade: we cannot give the same answer.
            return Outcome.refused(Failure.INVALID);
        }
        RefreshRecord next = successor.get();
        IssuedAccess access = null;
        if (rules.opaqueAccess()) {
            access = newAccess(rules, now);
            Instant idleExpiry = now.plus(rules.lifetimes().idleTimeout());
            WriteResult result = tokens.applyRefresh(new RefreshWrite(session.id(), next.tokenHash(), null, now,
                    idleExpiry, accessRecord(access, session.id())));
            if (result == WriteResult.SESSION_NOT_ACTIVE) {
                return Outcome.refused(Failure.REVOKED);
            }
        }
        IssuedRefresh same = new IssuedRefresh(successorSecret, next.issuedAt(), next.expiresAt());
        return Outcome.ok(new Refreshed(session, user, same, true, access));
    }

    /** Reuse of a rotated token: revoke the whole family and tell the security log (RFC 9700 §4.14.2). */
    private Outcome<Refreshed> reuse(Session session, Instant now) {
        if (tokens.revokeSession(session.id(), "reuse", now)) {
            // Within a unit of the embedded store (asOneUnit) this is recorded before the unit commits. Should that
            // commit fail, the caller gets the store's failure; the replay did happen, and the next one revokes.
            events.record(new SecurityEvent(SecurityEvent.Type.REUSE_DETECTED, now, session.id(), session.userId(),
                    session.dialect(), "rotated refresh token presented again; session revoked"));
        }
        return Outcome.refused(Failure.REUSED);
    }

    private static IssuedAccess newAccess(DialectRules rules, Instant now) {
        return IssuedAccess.mint(rules.opaqueAccessBytes(), now, rules.lifetimes().accessTtl());
    }

    private static AccessRecord accessRecord(IssuedAccess access, String sessionId) {
        return access == null ? null : access.toRecord(sessionId);
    }
}

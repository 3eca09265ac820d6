package dev.rotor.core.store;

import dev.rotor.core.session.AccessRecord;
import dev.rotor.core.session.RefreshRecord;
import dev.rotor.core.session.Session;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Sessions, refresh-token records and opaque access-token records.
 *
 * <p>Every write returns only after it is durable. Writes that decide a race are conditional updates, never
 * read-then-write, so that they stay exactly-once across threads and across processes sharing one database.
 */
public interface TokenStore {

    Optional<RefreshRecord> findRefresh(String tokenHash);

    Optional<Session> findSession(String sessionId);

    /**
     * A refresh record, its session and the session's user from {@code users} (empty when the user is gone), or empty
     * when the record or its session is missing. Every refresh needs all three, so a store that keeps them in one
     * database should read them in one query (a join): one read instead of two is a few per cent of a refresh.
     */
    default Optional<RefreshInSession> findRefreshInSession(String tokenHash, UserStore users) {
        return findRefresh(tokenHash).flatMap(refresh -> findSession(refresh.sessionId())
                .map(session -> new RefreshInSession(refresh, session, users.findById(session.userId()))));
    }

    Optional<AccessRecord> findAccess(String tokenHash);

    /**
     * Creates a session with its first refresh token (and opaque access token, if any). Returns false, writing
     * nothing, when a refresh token with that hash exists already: adopting a foreign token twice is harmless.
     */
    boolean createSession(Session session, RefreshRecord first, AccessRecord access);

    /**
     * Applies one refresh atomically. It checks, in the same transaction, that the session is not revoked
     * ({@link WriteResult#SESSION_NOT_ACTIVE}) and, when there is a successor, that the presented token is still
     * current ({@link WriteResult#ALREADY_ROTATED}); only then does it mark the presented token rotated, insert the
     * successor, replace the session's opaque access tokens and touch the session.
     */
    WriteResult applyRefresh(RefreshWrite write);

    /**
     * Runs {@code work}, which calls this store (and the user store beside it), as one unit where that is cheap: the
     * embedded store runs it as one task of its single writer, inside that task's transaction, so that no other write
     * comes between its reads and its writes and its reads need no connection of their own. Other stores just run
     * it. Correctness never depends on this: every write that decides a race is conditional ({@link #applyRefresh}).
     * Its writes are durable when this returns, as every store write is, and they stay when {@code work} then throws:
     * each is a write of the store in its own right (reuse detection revokes a session, then the refresh is refused).
     */
    default <T> T asOneUnit(Supplier<T> work) {
        return work.get();
    }

    /**
     * {@link #asOneUnit(Supplier)} for a caller that must not wait, such as an event-loop thread that serves many
     * connections: the returned stage completes once the unit's writes are durable, and what is chained on it runs on
     * {@code then}. By default the unit runs at once on the caller, which suits a store whose units never wait for
     * anything (the in-memory one); a store whose units wait for a disk or a server runs them elsewhere.
     */
    default <T> CompletionStage<T> asOneUnit(Supplier<T> work, Executor then) {
        try {
            return CompletableFuture.completedFuture(asOneUnit(work));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Revokes an active session; false when it was already revoked or does not exist. */
    boolean revokeSession(String sessionId, String reason, Instant at);

    /** Revokes every active session of a user; returns how many. */
    int revokeUserSessions(String userId, String reason, Instant at);

    /** Deletes one opaque access token (RFC 7009 revocation of an access token). */
    boolean deleteAccess(String tokenHash);

    /** A user's sessions, newest first, revoked ones included. */
    List<Session> sessionsOfUser(String userId);

    /**
     * Deletes what nothing can use any more: refresh and access records past their expiry, and sessions whose
     * every token has expired or that have been idle-expired, absolute-expired or revoked with no live token left.
     * Rotated records are kept until their own expiry, because reuse detection needs them. Returns rows deleted.
     */
    int purgeExpired(Instant now);
}

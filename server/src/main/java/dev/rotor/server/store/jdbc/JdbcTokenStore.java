package dev.rotor.server.store.jdbc;

import static dev.rotor.server.store.jdbc.Rows.ACCESS_COLUMNS;
import static dev.rotor.server.store.jdbc.Rows.REFRESH_COLUMNS;
import static dev.rotor.server.store.jdbc.Rows.SESSION_COLUMNS;
import static dev.rotor.server.store.jdbc.Rows.USER_COLUMNS;
import static dev.rotor.server.store.jdbc.Rows.setInstant;

import dev.rotor.core.session.AccessRecord;
import dev.rotor.core.session.RefreshRecord;
import dev.rotor.core.session.Session;
import dev.rotor.core.store.RefreshInSession;
import dev.rotor.core.store.RefreshWrite;
import dev.rotor.core.store.TokenStore;
import dev.rotor.core.store.UserStore;
import dev.rotor.core.store.WriteResult;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Sessions and token records in SQL, shared by SQLite and PostgreSQL. Every race is decided by a conditional
 * update inside one transaction (never read-then-write), so it stays exactly-once across processes.
 */
public final class JdbcTokenStore implements TokenStore {

    /** Rows deleted per purge transaction: keeps each purge write short so refreshes are not held up behind it. */
    static final int PURGE_BATCH = 1000;

    private static final String INSERT_REFRESH =
            "INSERT INTO refresh_token (" + REFRESH_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";
    private static final String INSERT_ACCESS =
            "INSERT INTO access_token (" + ACCESS_COLUMNS + ") VALUES (?, ?, ?, ?)";

    /** The user comes last and by LEFT JOIN: a session whose user is gone must still be found, and refused. */
    private static final String REFRESH_IN_SESSION = "SELECT " + prefixed("r", REFRESH_COLUMNS) + ", "
            + prefixed("s", SESSION_COLUMNS) + ", " + prefixed("u", USER_COLUMNS) + " FROM refresh_token r "
            + "JOIN session s ON s.id = r.session_id LEFT JOIN users u ON u.id = s.user_id WHERE r.hash = ?";
    private static final int USER_OFFSET = Rows.REFRESH_COLUMN_COUNT + SESSION_COLUMNS.split(", ").length;

    /**
     * A refresh's touch of its session: last use, idle expiry, and the newest refresh record's expiry if it is later
     * (parameters: used at, idle expiry, that expiry twice). The caller adds the WHERE clause.
     */
    private static final String TOUCH_SESSION = "UPDATE session SET last_used_at = ?, idle_expires_at = ?, "
            + "refresh_expires_at = CASE WHEN refresh_expires_at < ? THEN ? ELSE refresh_expires_at END ";

    private final Database db;
    /** The database's own way to apply a plain rotation, or null to use {@link #applyRefresh}'s transaction. */
    private final RotationWriter rotations;

    public JdbcTokenStore(Database db) {
        this.db = db;
        this.rotations = db.rotations().orElse(null);
    }

    @Override
    public Optional<RefreshRecord> findRefresh(String tokenHash) {
        return db.read(c -> Sql.one(c, "SELECT " + REFRESH_COLUMNS + " FROM refresh_token WHERE hash = ?",
                ps -> ps.setString(1, tokenHash), Rows::refresh));
    }

    @Override
    public Optional<Session> findSession(String sessionId) {
        return db.read(c -> Sql.one(c, "SELECT " + SESSION_COLUMNS + " FROM session WHERE id = ?",
                ps -> ps.setString(1, sessionId), Rows::session));
    }

    @Override
    public Optional<RefreshInSession> findRefreshInSession(String tokenHash, UserStore users) {
        if (!(users instanceof JdbcUserStore jdbcUsers) || !jdbcUsers.readsFrom(db)) {
            return TokenStore.super.findRefreshInSession(tokenHash, users);
        }
        return db.read(c -> Sql.one(c, REFRESH_IN_SESSION, ps -> ps.setString(1, tokenHash),
                rs -> new RefreshInSession(Rows.refresh(rs), Rows.session(rs, Rows.REFRESH_COLUMN_COUNT),
                        rs.getString(USER_OFFSET + 1) == null
                                ? Optional.empty() : Optional.of(Rows.user(rs, USER_OFFSET)))));
    }

    @Override
    public Optional<AccessRecord> findAccess(String tokenHash) {
        return db.read(c -> Sql.one(c, "SELECT " + ACCESS_COLUMNS + " FROM access_token WHERE hash = ?",
                ps -> ps.setString(1, tokenHash), Rows::access));
    }

    @Override
    public boolean createSession(Session session, RefreshRecord first, AccessRecord access) {
        return db.write(c -> {
            insertSession(c, session, first.expiresAt());
            // ON CONFLICT DO NOTHING rather than a look-up first: two nodes adopting the same token cannot both win.
            int inserted = Sql.update(c, INSERT_REFRESH + " ON CONFLICT DO NOTHING", ps -> Rows.bindRefresh(ps, first));
            if (inserted == 0) {
                return false;
            }
            if (access != null) {
                Sql.update(c, INSERT_ACCESS, ps -> Rows.bindAccess(ps, access));
            }
            return true;
        }, created -> created);
    }

    @Override
    public WriteResult applyRefresh(RefreshWrite write) {
        if (rotations != null && write.successor() != null && write.access() == null) {
            return rotations.rotate(write);
        }
        return db.write(c -> {
            // Touching the session first both checks it is active and locks its row (PostgreSQL), so a revoke
            // racing this refresh is serialised with it: whichever commits second sees the other's effect.
            RefreshRecord successor = write.successor();
            // A successor may expire later than every record before it (a sliding lifetime): the purge keeps the
            // session until then. Without a successor, the epoch leaves refresh_expires_at as it is.
            Instant newestExpiry = successor == null ? Instant.EPOCH : successor.expiresAt();
            int active = Sql.update(c, TOUCH_SESSION + "WHERE id = ? AND revoked_at IS NULL", ps -> {
                        setInstant(ps, 1, write.usedAt());
                        setInstant(ps, 2, write.idleExpiresAt());
                        setInstant(ps, 3, newestExpiry);
                        setInstant(ps, 4, newestExpiry);
                        ps.setString(5, write.sessionId());
                    });
            if (active == 0) {
                return WriteResult.SESSION_NOT_ACTIVE;
            }
            if (successor != null) {
                int rotated = Sql.update(c, "UPDATE refresh_token SET successor_hash = ?, rotated_at = ? "
                        + "WHERE hash = ? AND session_id = ? AND successor_hash IS NULL", ps -> {
                            ps.setString(1, successor.tokenHash());
                            setInstant(ps, 2, write.usedAt());
                            ps.setString(3, write.presentedHash());
                            ps.setString(4, write.sessionId());
                        });
                if (rotated == 0) {
                    return WriteResult.ALREADY_ROTATED;
                }
                Sql.update(c, INSERT_REFRESH, ps -> Rows.bindRefresh(ps, successor));
            }
            if (write.access() != null) {
                Sql.update(c, "DELETE FROM access_token WHERE session_id = ?", ps -> ps.setString(1, write.sessionId()));
                Sql.update(c, INSERT_ACCESS, ps -> Rows.bindAccess(ps, write.access()));
            }
            return WriteResult.APPLIED;
        }, result -> result == WriteResult.APPLIED); // anything else rolls back the session touch
    }

    @Override
    public <T> T asOneUnit(Supplier<T> work) {
        return db.asOneUnit(work);
    }

    @Override
    public <T> CompletionStage<T> asOneUnit(Supplier<T> work, Executor then) {
        return db.asOneUnit(work, then);
    }

    @Override
    public boolean revokeSession(String sessionId, String reason, Instant at) {
        return db.write(c -> Sql.update(c, "UPDATE session SET revoked_at = ?, revoked_reason = ? "
                + "WHERE id = ? AND revoked_at IS NULL", ps -> {
                    setInstant(ps, 1, at);
                    ps.setString(2, reason);
                    ps.setString(3, sessionId);
                }) == 1);
    }

    @Override
    public int revokeUserSessions(String userId, String reason, Instant at) {
        return db.write(c -> Sql.update(c, "UPDATE session SET revoked_at = ?, revoked_reason = ? "
                + "WHERE user_id = ? AND revoked_at IS NULL", ps -> {
                    setInstant(ps, 1, at);
                    ps.setString(2, reason);
                    ps.setString(3, userId);
                }));
    }

    @Override
    public boolean deleteAccess(String tokenHash) {
        return db.write(c -> Sql.update(c, "DELETE FROM access_token WHERE hash = ?",
                ps -> ps.setString(1, tokenHash)) == 1);
    }

    @Override
    public List<Session> sessionsOfUser(String userId) {
        return db.read(c -> Sql.list(c, "SELECT " + SESSION_COLUMNS + " FROM session WHERE user_id = ? "
                + "ORDER BY created_at DESC, id", ps -> ps.setString(1, userId), Rows::session));
    }

    @Override
    public int purgeExpired(Instant now) {
        // Order matters: sessions go last, once their refresh records are gone (reuse detection needs rotated
        // records until their own expiry); a session knows when its last record expires (refresh_expires_at).
        int deleted = purgeInBatches("DELETE FROM refresh_token WHERE hash IN (SELECT hash FROM refresh_token "
                + "WHERE expires_at <= ? LIMIT ?)", now, 1);
        deleted += purgeInBatches("DELETE FROM access_token WHERE hash IN (SELECT hash FROM access_token "
                + "WHERE expires_at <= ? LIMIT ?)", now, 1);
        deleted += purgeInBatches("DELETE FROM session WHERE id IN (SELECT s.id FROM session s "
                + "WHERE (s.revoked_at IS NOT NULL OR s.idle_expires_at <= ? "
                + "OR (s.absolute_expires_at IS NOT NULL AND s.absolute_expires_at <= ?)) "
                + "AND s.refresh_expires_at <= ? LIMIT ?)", now, 3);
        return deleted;
    }

    /** Runs a delete of at most {@link #PURGE_BATCH} rows per transaction until a batch comes back short. */
    private int purgeInBatches(String sql, Instant now, int timeParams) {
        int total = 0;
        while (true) {
            int batch = db.write(c -> {
                if (!db.tryPurgeLock(c)) {
                    return -1;
                }
                return Sql.update(c, sql, ps -> {
                    for (int i = 1; i <= timeParams; i++) {
                        setInstant(ps, i, now);
                    }
                    ps.setInt(timeParams + 1, PURGE_BATCH);
                });
            });
            if (batch < 0) {
                return total; // another node is purging
            }
            total += batch;
            if (batch < PURGE_BATCH) {
                return total;
            }
        }
    }

    /** {@code "a, b"} as {@code "t.a, t.b"}. */
    private static String prefixed(String table, String columns) {
        return Arrays.stream(columns.split(", ")).map(column -> table + "." + column).collect(Collectors.joining(", "));
    }

    private static void insertSession(SqlConnection c, Session s, Instant refreshExpiresAt) throws SQLException {
        Sql.update(c, "INSERT INTO session (" + SESSION_COLUMNS + ", refresh_expires_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, s.id());
            ps.setString(2, s.userId());
            ps.setString(3, s.dialect());
            ps.setString(4, s.clientId());
            ps.setString(5, s.deviceName());
            ps.setString(6, s.scope());
            setInstant(ps, 7, s.createdAt());
            setInstant(ps, 8, s.lastUsedAt());
            setInstant(ps, 9, s.idleExpiresAt());
            setInstant(ps, 10, s.absoluteExpiresAt());
            setInstant(ps, 11, s.revokedAt());
            ps.setString(12, s.revokedReason());
            setInstant(ps, 13, refreshExpiresAt);
        });
    }
}

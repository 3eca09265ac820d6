package dev.rotor.server.store.jdbc;

import dev.rotor.core.session.AccessRecord;
import dev.rotor.core.session.RefreshRecord;
import dev.rotor.core.session.Session;
import dev.rotor.core.store.Client;
import dev.rotor.core.store.StoredKey;
import dev.rotor.core.store.User;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Locale;

/**
 * Row mapping and time conversion shared by the SQLite and PostgreSQL stores. Times are stored as epoch
 * milliseconds, so instants are truncated to milliseconds on the way in (the engine already works in millis).
 */
public final class Rows {

    /** Column lists in the order the mappers below read them. */
    public static final String SESSION_COLUMNS = "id, user_id, dialect, client_id, device_name, scope, created_at, "
            + "last_used_at, idle_expires_at, absolute_expires_at, revoked_at, revoked_reason";
    public static final String REFRESH_COLUMNS = "hash, session_id, issued_at, expires_at, successor_hash, rotated_at";
    /** How many columns {@link #REFRESH_COLUMNS} names. */
    public static final int REFRESH_COLUMN_COUNT = REFRESH_COLUMNS.split(", ").length;
    public static final String ACCESS_COLUMNS = "hash, session_id, issued_at, expires_at";
    public static final String USER_COLUMNS = "id, username, email, first_name, last_name, role, active, "
            + "password_hash, created_at, last_login_at";
    public static final String CLIENT_COLUMNS = "id, secret_hash, created_at";
    public static final String KEY_COLUMNS = "kid, purpose, algorithm, encrypted_key, created_at, retired_at, verify_until";

    private Rows() {
    }

    /** Epoch milliseconds of {@code at}. */
    public static long millis(Instant at) {
        return at.toEpochMilli();
    }

    /** Binds a nullable instant as epoch milliseconds. */
    public static void setInstant(PreparedStatement ps, int index, Instant at) throws SQLException {
        if (at == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, at.toEpochMilli());
        }
    }

    /** Reads a nullable epoch-milliseconds column. */
    public static Instant instant(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    /** The case-folded form that uniqueness and look-ups of usernames and e-mails use. */
    public static String key(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    public static Session session(ResultSet rs) throws SQLException {
        return session(rs, 0);
    }

    /** A session whose {@link #SESSION_COLUMNS} follow {@code before} other columns of the row. */
    public static Session session(ResultSet rs, int before) throws SQLException {
        int c = before;
        return new Session(rs.getString(c + 1), rs.getString(c + 2), rs.getString(c + 3), rs.getString(c + 4),
                rs.getString(c + 5), rs.getString(c + 6), instant(rs, c + 7), instant(rs, c + 8), instant(rs, c + 9),
                instant(rs, c + 10), instant(rs, c + 11), rs.getString(c + 12));
    }

    public static RefreshRecord refresh(ResultSet rs) throws SQLException {
        return new RefreshRecord(rs.getString(1), rs.getString(2), instant(rs, 3), instant(rs, 4), rs.getString(5),
                instant(rs, 6));
    }

    public static AccessRecord access(ResultSet rs) throws SQLException {
        return new AccessRecord(rs.getString(1), rs.getString(2), instant(rs, 3), instant(rs, 4));
    }

    public static User user(ResultSet rs) throws SQLException {
        return user(rs, 0);
    }

    /** A user whose {@link #USER_COLUMNS} follow {@code before} other columns of the row. */
    public static User user(ResultSet rs, int before) throws SQLException {
        int c = before;
        return new User(rs.getString(c + 1), rs.getString(c + 2), rs.getString(c + 3), rs.getString(c + 4),
                rs.getString(c + 5), rs.getString(c + 6), rs.getBoolean(c + 7), rs.getString(c + 8),
                instant(rs, c + 9), instant(rs, c + 10));
    }

    public static Client client(ResultSet rs) throws SQLException {
        return new Client(rs.getString(1), rs.getString(2), instant(rs, 3));
    }

    public static StoredKey key(ResultSet rs) throws SQLException {
        return new StoredKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4), instant(rs, 5),
                instant(rs, 6), instant(rs, 7));
    }

    /** Binds the parameters of an insert into refresh_token in {@link #REFRESH_COLUMNS} order. */
    public static void bindRefresh(PreparedStatement ps, RefreshRecord r) throws SQLException {
        ps.setString(1, r.tokenHash());
        ps.setString(2, r.sessionId());
        setInstant(ps, 3, r.issuedAt());
        setInstant(ps, 4, r.expiresAt());
        ps.setString(5, r.successorHash());
        setInstant(ps, 6, r.rotatedAt());
    }

    /** Binds the parameters of an insert into access_token in {@link #ACCESS_COLUMNS} order. */
    public static void bindAccess(PreparedStatement ps, AccessRecord a) throws SQLException {
        ps.setString(1, a.tokenHash());
        ps.setString(2, a.sessionId());
        setInstant(ps, 3, a.issuedAt());
        setInstant(ps, 4, a.expiresAt());
    }
}

package dev.rotor.server.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A connection that a {@link Database} lends for one read or one write transaction. A caching one keeps every
 * statement it prepares: the embedded store's connections live as long as the process, and parsing the same SQL
 * again (sqlite3_prepare) cost about a tenth of the server's CPU per refresh. PostgreSQL's driver keeps prepared
 * statements itself, so its pooled connections are lent uncached.
 */
public final class SqlConnection implements AutoCloseable {

    /** Distinct SQL texts kept per connection; the stores use a few dozen, so the bound only guards against a leak. */
    static final int KEPT_STATEMENTS = 128;

    private final Connection connection;
    private final Map<String, PreparedStatement> kept;

    private SqlConnection(Connection connection, boolean caching) {
        this.connection = connection;
        this.kept = caching ? new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() <= KEPT_STATEMENTS) {
                    return false;
                }
                closeQuietly(eldest.getValue());
                return true;
            }
        } : null;
    }

    /** Keeps prepared statements until {@link #close()}; one thread at a time may use it. */
    public static SqlConnection caching(Connection connection) {
        return new SqlConnection(connection, true);
    }

    /** Prepares every statement afresh and closes it after use; the caller keeps owning the connection. */
    public static SqlConnection uncached(Connection connection) {
        return new SqlConnection(connection, false);
    }

    /** The JDBC connection, for the few calls that are not a statement (validity checks, transaction control). */
    public Connection jdbc() {
        return connection;
    }

    /** A statement for {@code sql}; hand it back with {@link #release} once its result set is closed. */
    public PreparedStatement prepare(String sql) throws SQLException {
        if (kept == null) {
            return connection.prepareStatement(sql);
        }
        PreparedStatement statement = kept.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            kept.put(sql, statement);
        }
        return statement;
    }

    /** Ends one use of a statement from {@link #prepare}: kept ones forget their parameters, others are closed. */
    public void release(PreparedStatement statement) throws SQLException {
        if (kept == null) {
            statement.close();
        } else {
            statement.clearParameters();
        }
    }

    /** Runs a statement without parameters or results, such as {@code SAVEPOINT} or {@code COMMIT}. */
    public void execute(String sql) throws SQLException {
        PreparedStatement statement = prepare(sql);
        try {
            statement.execute();
        } finally {
            release(statement);
        }
    }

    /** Number of statements kept (for tests). */
    int keptStatements() {
        return kept == null ? 0 : kept.size();
    }

    /** Closes the kept statements and the connection. */
    @Override
    public void close() throws SQLException {
        if (kept != null) {
            kept.values().forEach(SqlConnection::closeQuietly);
            kept.clear();
        }
        connection.close();
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // the statement is being dropped; nothing depends on it any more
        }
    }
}

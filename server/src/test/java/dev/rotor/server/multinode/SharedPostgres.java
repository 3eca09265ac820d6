package dev.rotor.server.multinode;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh schema on the machine's PostgreSQL (127.0.0.1:5432, database {@code test}, user {@code postgres}) for one
 * test class. Without a server the class is skipped with a visible message, except under {@code CI=true}.
 */
public final class SharedPostgres implements AutoCloseable {

    static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&connectTimeout=3";

    final String schema = "rotor_mn_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    public static SharedPostgres create() {
        SharedPostgres pg = new SharedPostgres();
        try {
            pg.execute("CREATE SCHEMA " + pg.schema);
        } catch (SQLException e) {
            String message = "PostgreSQL not reachable at 127.0.0.1:5432 (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + "; CI=true requires it");
            }
            System.err.println("SKIPPED multi-node tests: " + message);
            Assumptions.abort(message + ": multi-node tests skipped");
        }
        return pg;
    }

    /** The store URL as an operator writes it, with the schema as the current one. */
    public String storeUrl() {
        return "postgresql://postgres@127.0.0.1:5432/test?currentSchema=" + schema;
    }

    /** How many refresh records the session has (the presented token and its successors). */
    long refreshRecords(String sessionId) throws SQLException {
        try (Connection c = DriverManager.getConnection(JDBC);
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + schema + ".refresh_token WHERE session_id = ?")) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(JDBC); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Override
    public void close() throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
}

package dev.rotor.server.store.postgres;

import static org.junit.jupiter.api.Assertions.fail;

import dev.rotor.server.store.jdbc.JdbcStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A schema of its own for one test class on the test PostgreSQL server ({@code ROTOR_TEST_PG_URL}), so that runs
 * never collide. Without a server the tests are skipped with a visible message, except under {@code CI=true}.
 * A test class registers one with {@code @RegisterExtension static final PgTestSchema SCHEMA = PgTestSchema.perClass();}
 * and gets an empty, migrated store per test from {@link #openEmpty}.
 */
final class PgTestSchema implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private static final String TABLES = "refresh_token, access_token, session, users, client, signing_key";

    final String name = "rotor_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final PgUrl base;

    private PgTestSchema(PgUrl base) {
        this.base = base;
    }

    /** A schema created before the class's tests and dropped after them. */
    static PgTestSchema perClass() {
        return new PgTestSchema(PgUrl.parse(baseUrl()));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        createOrSkip();
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        close();
    }

    /** A store on this schema with every table emptied (migrated on first use). */
    JdbcStores openEmpty(int poolSize) {
        JdbcStores opened = PostgresStores.open(url(), poolSize);
        try {
            truncate();
        } catch (SQLException e) {
            opened.close();
            throw new IllegalStateException(e);
        }
        return opened;
    }

    static String baseUrl() {
        String url = System.getenv("ROTOR_TEST_PG_URL");
        return url == null || url.isBlank() ? DEFAULT_URL : url;
    }

    /** Creates the schema, or skips (fails under CI) when no server answers; see {@link PgAvailable}. */
    private void createOrSkip() {
        try {
            execute("CREATE SCHEMA " + name);
        } catch (SQLException e) {
            String message = "PostgreSQL not reachable at " + base.jdbcUrl() + " (" + e.getMessage() + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + "; CI=true requires it");
            }
            System.err.println("SKIPPED PostgreSQL tests: " + message);
            Assumptions.abort(message + ": PostgreSQL tests skipped");
        }
    }

    /** The store URL that makes the schema the current one, in {@code jdbc:postgresql:} form. */
    String url() {
        String jdbc = base.jdbcUrl();
        StringBuilder url = new StringBuilder(jdbc).append(jdbc.contains("?") ? '&' : '?').append("currentSchema=").append(name);
        if (base.user() != null) {
            url.append("&user=").append(base.user());
        }
        if (base.password() != null) {
            url.append("&password=").append(base.password());
        }
        return url.toString();
    }

    /** Empties every table, so that each test starts from an empty store without migrating again. */
    void truncate() throws SQLException {
        execute("TRUNCATE " + qualified() + " RESTART IDENTITY CASCADE");
    }

    private String qualified() {
        StringBuilder sb = new StringBuilder();
        for (String table : TABLES.split(",\\s*")) {
            sb.append(sb.length() == 0 ? "" : ", ").append(name).append('.').append(table);
        }
        return sb.toString();
    }

    @Override
    public void close() throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }

    /** Opens and closes one connection: throws when no server answers. */
    static void probe() throws SQLException {
        new PgTestSchema(PgUrl.parse(baseUrl())).execute("SELECT 1");
    }

    private void execute(String sql) throws SQLException {
        Properties props = new Properties();
        if (base.user() != null) {
            props.setProperty("user", base.user());
        }
        if (base.password() != null) {
            props.setProperty("password", base.password());
        }
        props.setProperty("connectTimeout", "3");
        try (Connection c = DriverManager.getConnection(base.jdbcUrl(), props); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}

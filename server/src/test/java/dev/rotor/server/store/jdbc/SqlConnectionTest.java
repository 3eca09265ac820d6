package dev.rotor.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SqlConnectionTest {

    private static SqlConnection sqlite(boolean caching) throws SQLException {
        var jdbc = DriverManager.getConnection("jdbc:sqlite::memory:");
        SqlConnection c = caching ? SqlConnection.caching(jdbc) : SqlConnection.uncached(jdbc);
        c.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER)");
        return c;
    }

    @Test
    void prepareWhenCachingAndSameSqlAgainThenSameStatementReused() throws SQLException {
        try (SqlConnection c = sqlite(true)) {
            PreparedStatement first = c.prepare("SELECT v FROM t WHERE k = ?");
            c.release(first);
            PreparedStatement second = c.prepare("SELECT v FROM t WHERE k = ?");
            assertThat(second).isSameAs(first);
            assertThat(second.isClosed()).isFalse();
            c.release(second);
        }
    }

    @Test
    void queriesWhenStatementKeptThenEachUseSeesItsOwnParametersAndLatestRows() throws SQLException {
        try (SqlConnection c = sqlite(true)) {
            Sql.update(c, "INSERT INTO t (k, v) VALUES (?, ?)", ps -> {
                ps.setString(1, "a");
                ps.setInt(2, 1);
            });
            Sql.update(c, "INSERT INTO t (k, v) VALUES (?, ?)", ps -> {
                ps.setString(1, "b");
                ps.setInt(2, 2);
            });
            String select = "SELECT v FROM t WHERE k = ?";
            assertThat(Sql.one(c, select, ps -> ps.setString(1, "a"), rs -> rs.getInt(1))).contains(1);
            assertThat(Sql.one(c, select, ps -> ps.setString(1, "b"), rs -> rs.getInt(1))).contains(2);
            Sql.update(c, "UPDATE t SET v = ? WHERE k = ?", ps -> {
                ps.setInt(1, 3);
                ps.setString(2, "a");
            });
            assertThat(Sql.one(c, select, ps -> ps.setString(1, "a"), rs -> rs.getInt(1))).contains(3);
            assertThat(Sql.one(c, select, ps -> ps.setString(1, "zz"), rs -> rs.getInt(1))).isEmpty();
            assertThat(c.keptStatements()).isEqualTo(4); // the CREATE, one INSERT, one SELECT, one UPDATE
        }
    }

    @Test
    void releaseWhenUncachedThenStatementClosed() throws SQLException {
        try (SqlConnection c = sqlite(false)) {
            PreparedStatement ps = c.prepare("SELECT 1");
            c.release(ps);
            assertThat(ps.isClosed()).isTrue();
            assertThat(c.keptStatements()).isZero();
        }
    }

    @Test
    void prepareWhenMoreDistinctSqlThanKeptThenLeastRecentlyUsedIsClosed() throws SQLException {
        try (SqlConnection c = sqlite(true)) {
            PreparedStatement oldest = c.prepare("SELECT 0");
            c.release(oldest);
            for (int i = 1; i <= SqlConnection.KEPT_STATEMENTS; i++) {
                c.release(c.prepare("SELECT " + i));
            }
            assertThat(c.keptStatements()).isEqualTo(SqlConnection.KEPT_STATEMENTS);
            assertThat(oldest.isClosed()).isTrue();
        }
    }

    @Test
    void closeWhenStatementsKeptThenAllClosedWithConnection() throws SQLException {
        SqlConnection c = sqlite(true);
        PreparedStatement ps = c.prepare("SELECT 1");
        c.release(ps);
        c.close();
        assertThat(ps.isClosed()).isTrue();
        assertThat(c.jdbc().isClosed()).isTrue();
    }
}

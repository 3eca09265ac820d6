package dev.rotor.server.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.rotor.core.store.StoreUnavailableException;
import dev.rotor.server.TaskThreads;
import dev.rotor.server.store.Migration;
import dev.rotor.server.store.jdbc.Database;
import dev.rotor.server.store.jdbc.RotationWriter;
import dev.rotor.server.store.jdbc.Sql;
import dev.rotor.server.store.jdbc.SqlConnection;
import dev.rotor.server.store.jdbc.SqlWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;

/**
 * PostgreSQL behind a HikariCP pool, shared by any number of Rotor processes. Each write is its own transaction,
 * except that concurrent rotations share one ({@link BatchedRotations}); a stopped or unreachable server makes
 * calls fail within seconds with {@link StoreUnavailableException} rather than hang.
 */
final class PostgresDatabase implements Database {

    /**
     * How long a request (or a readiness probe) waits for a connection while the server is down before it fails
     * with {@link StoreUnavailableException} (HTTP 503): short, so load balancers' health checks (often 5 s)
     * get an answer and clients are not held.
     */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** Advisory-lock key for purging ("Rotor" in ASCII): any node holding it purges, the others skip. */
    private static final long PURGE_LOCK = 0x526f746f72L;
    private static final int MAX_ATTEMPTS = 3;
    private static final int HEALTH_TIMEOUT_SECONDS = 1;

    private final HikariDataSource pool;
    private final Migration migration;
    private final BatchedRotations rotations;
    /** Where units run for callers that must not wait: a unit waits for round trips to the server. */
    private final ExecutorService units = TaskThreads.perTask("rotor-postgres-unit");

    private PostgresDatabase(HikariDataSource pool, Migration migration) {
        this.pool = pool;
        this.migration = migration;
        this.rotations = new BatchedRotations(this::retrying);
    }

    static PostgresDatabase open(String url, int poolSize) {
        PgUrl parsed = PgUrl.parse(url);
        HikariConfig config = new HikariConfig();
        config.setPoolName("rotor-postgres");
        config.setJdbcUrl(parsed.jdbcUrl());
        if (parsed.user() != null) {
            config.setUsername(parsed.user());
        }
        if (parsed.password() != null) {
            config.setPassword(parsed.password());
        }
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
        config.setValidationTimeout(Duration.ofSeconds(2).toMillis());
        // The driver's own time-outs (seconds), so that a dead host cannot block a pooled connection for long.
        config.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("socketTimeout", "30");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("cannot connect to PostgreSQL at " + parsed.redactedUrl(), e);
        }
        Migration migration;
        String database = "PostgreSQL " + parsed.redactedUrl();
        try (Connection c = pool.getConnection()) {
            // Flyway takes its own advisory lock, so nodes starting together migrate once.
            migration = Migration.alreadyLatest(c, database).orElseGet(() -> Migration.of(database,
                    Flyway.configure().dataSource(pool).locations("classpath:db/migration/postgresql").load().migrate()));
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw new StoreUnavailableException("cannot migrate PostgreSQL at " + parsed.redactedUrl(), e);
        }
        return new PostgresDatabase(pool, migration);
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(SqlConnection.uncached(c));
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    @Override
    public <T> T write(SqlWork<T> work, Predicate<? super T> keep) {
        return retrying(c -> {
            c.setAutoCommit(false);
            try {
                T result = work.run(SqlConnection.uncached(c));
                if (keep.test(result)) {
                    c.commit();
                } else {
                    c.rollback();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    @Override
    public Optional<RotationWriter> rotations() {
        return Optional.of(rotations);
    }

    /** Runs {@code work} on a pooled connection, again after a deadlock or serialisation failure rolled it back. */
    <T> T retrying(ConnectionWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                return work.run(c);
            } catch (SQLException e) {
                if (attempt < MAX_ATTEMPTS && retryable(e)) {
                    continue;
                }
                throw translate(e);
            }
        }
    }

    @FunctionalInterface
    interface ConnectionWork<T> {
        T run(Connection c) throws SQLException;
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    @Override
    public boolean tryPurgeLock(SqlConnection connection) throws SQLException {
        // Transaction-scoped: released by the batch's commit, so a crashed node never holds it.
        return Sql.one(connection, "SELECT pg_try_advisory_xact_lock(?)", ps -> ps.setLong(1, PURGE_LOCK),
                rs -> rs.getBoolean(1)).orElse(false);
    }

    @Override
    public String insertionOrder() {
        return "seq";
    }

    /**
     * A round trip to the server, bounded: the pool's connection timeout when it has no live connection, then one
     * second for the query itself (readiness must answer while the database is down, not hang).
     */
    @Override
    public boolean healthy() {
        try {
            return read(c -> c.jdbc().isValid(HEALTH_TIMEOUT_SECONDS));
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public <T> CompletionStage<T> asOneUnit(Supplier<T> work, Executor then) {
        try {
            // whenCompleteAsync: the unit's outcome as it is, success or failure, handed to then.
            return CompletableFuture.supplyAsync(work, units).whenCompleteAsync((result, e) -> { }, then);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new StoreUnavailableException("PostgreSQL store is closed", e));
        }
    }

    @Override
    public Migration migration() {
        return migration;
    }

    @Override
    public void close() {
        units.shutdown();
        rotations.close(); // answers every queued rotation while the pool is still open
        pool.close();
    }

    private static boolean retryable(SQLException e) {
        return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
    }

    /** Connectivity problems become {@link StoreUnavailableException}; anything else is a bug worth its own type. */
    static RuntimeException translate(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (e instanceof SQLTransientConnectionException || state.startsWith("08") || state.startsWith("57P")
                || state.equals("53300") || state.isEmpty()) {
            return new StoreUnavailableException("PostgreSQL is unavailable", e);
        }
        return new IllegalStateException("PostgreSQL store error (SQLState " + state + ")", e);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection may be gone; the original failure is what matters
        }
    }
}

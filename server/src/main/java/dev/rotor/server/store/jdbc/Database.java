package dev.rotor.server.store.jdbc;

import dev.rotor.server.store.Migration;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the shared JDBC stores need from one database: somewhere to read, a way to run a write durably in a
 * transaction of its own, and the few points where SQLite and PostgreSQL differ. Implementations translate
 * connectivity failures and time-outs into {@link dev.rotor.core.store.StoreUnavailableException}.
 */
public interface Database extends AutoCloseable {

    /** Runs read-only work on a connection in auto-commit mode. */
    <T> T read(SqlWork<T> work);

    /**
     * Runs {@code work} in a transaction and returns its result once it is durably committed. When {@code keep}
     * says no, or the work throws, every change the work made is rolled back and nothing else is affected.
     */
    <T> T write(SqlWork<T> work, Predicate<? super T> keep);

    /** {@link #write(SqlWork, Predicate)} keeping every successful result. */
    default <T> T write(SqlWork<T> work) {
        return write(work, result -> true);
    }

    /**
     * This database's own {@link RotationWriter}, or empty when {@link JdbcTokenStore} applies rotations in a
     * transaction of its own like every other write.
     */
    default Optional<RotationWriter> rotations() {
        return Optional.empty();
    }

    /**
     * Runs {@code work}, whose store calls then use this database, as one unit where that is cheap (see
     * {@code TokenStore#asOneUnit}); by default it just runs it.
     */
    default <T> T asOneUnit(Supplier<T> work) {
        return work.get();
    }

    /**
     * {@link #asOneUnit(Supplier)} for a caller that must not wait (see {@code TokenStore#asOneUnit(Supplier,
     * Executor)}): the returned stage completes once the unit is durable, and what is chained on it runs on
     * {@code then}, failure or not.
     */
    <T> CompletionStage<T> asOneUnit(Supplier<T> work, Executor then);

    /** True when the exception reports a unique-constraint violation. */
    boolean isUniqueViolation(SQLException e);

    /**
     * Called inside the purge transaction: false when another node is purging already, so that only one does
     * (PostgreSQL advisory lock); the embedded store has a single process and always says yes.
     */
    boolean tryPurgeLock(SqlConnection connection) throws SQLException;

    /** The column that orders rows by insertion: {@code rowid} on SQLite, an identity column on PostgreSQL. */
    String insertionOrder();

    /** True when the database answers a trivial query. */
    boolean healthy();

    /** What opening this database did to its schema (see {@code rotor migrate}). */
    Migration migration();

    @Override
    void close();
}

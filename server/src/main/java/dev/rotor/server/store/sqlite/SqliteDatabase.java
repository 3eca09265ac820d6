package dev.rotor.server.store.sqlite;

import dev.rotor.core.store.StoreUnavailableException;
import dev.rotor.server.config.DataDirectory;
import dev.rotor.server.store.Migration;
import dev.rotor.server.store.jdbc.Database;
import dev.rotor.server.store.jdbc.Sql;
import dev.rotor.server.store.jdbc.SqlConnection;
import dev.rotor.server.store.jdbc.SqlWork;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded database: one writer thread that owns the only write connection and commits queued writes in
 * groups (one fsync for many refreshes, DESIGN.md "The refresh hot path"), plus a few read-only connections that
 * WAL lets run beside it.
 */
final class SqliteDatabase implements Database {

    static final Duration WAIT = Duration.ofSeconds(10);
    private static final int READERS = 4;
    private static final int BUSY_TIMEOUT_MS = 5000;

    private final BlockingQueue<SqlConnection> readers = new ArrayBlockingQueue<>(READERS);
    private final List<SqlConnection> allReaders = new ArrayList<>();
    private final GroupCommitWriter writer;

    private final Migration migration;

    private SqliteDatabase(GroupCommitWriter writer, Migration migration) {
        this.writer = writer;
        this.migration = migration;
    }

    static SqliteDatabase open(Path dataDir) {
        try {
            DataDirectory.create(dataDir);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot create data directory " + dataDir, e);
        }
        String url = "jdbc:sqlite:" + dataDir.resolve(SqliteStores.FILE_NAME).toAbsolutePath();
        try {
            Connection write = connect(url, false);
            Migration migration = Migration.alreadyLatest(write, description(url)).orElseGet(() -> migrate(url));
            SqliteDatabase db = new SqliteDatabase(new GroupCommitWriter(SqlConnection.caching(write)), migration);
            for (int i = 0; i < READERS; i++) {
                SqlConnection read = SqlConnection.caching(connect(url, true));
                db.allReaders.add(read);
                db.readers.add(read);
            }
            return db;
        } catch (SQLException e) {
            throw new StoreUnavailableException("cannot open embedded database in " + dataDir, e);
        }
    }

    static Connection connect(String url, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        // The stores never ask for generated keys. With them on, the driver matches every statement against a regex
        // and follows each INSERT with its own SELECT last_insert_rowid(): 2-4% of the CPU of a rotation.
        config.setGetGeneratedKeys(false);
        Connection c = DriverManager.getConnection(url, config.toProperties());
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            // WAL: readers never block the writer nor each other. FULL: each commit is fsynced, so an answered
            // refresh survives a crash or power loss (CORE.md step 6).
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("PRAGMA synchronous = FULL");
            st.execute("PRAGMA foreign_keys = ON");
            if (readOnly) {
                st.execute("PRAGMA query_only = ON");
            }
        }
        return c;
    }

    private static Migration migrate(String url) {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl(url);
        ds.setBusyTimeout(BUSY_TIMEOUT_MS);
        return Migration.of(description(url),
                Flyway.configure().dataSource(ds).locations("classpath:db/migration/sqlite").load().migrate());
    }

    private static String description(String url) {
        return "SQLite " + url.substring("jdbc:sqlite:".length());
    }

    @Override
    public Migration migration() {
        return migration;
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        try {
            if (writer.onWriterThread()) {
                return writer.readNested(work); // inside a unit: sees the unit's own writes
            }
            SqlConnection c = takeReader();
            try {
                return work.run(c);
            } finally {
                readers.add(c);
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("embedded database read failed", e);
        }
    }

    private SqlConnection takeReader() {
        SqlConnection c;
        try {
            c = readers.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for a read connection", e);
        }
        if (c == null) {
            throw new StoreUnavailableException("no read connection free within " + WAIT, null);
        }
        return c;
    }

    @Override
    public <T> T write(SqlWork<T> work, Predicate<? super T> keep) {
        WriteTask<T> task = new WriteTask<>(work, keep);
        if (writer.onWriterThread()) {
            writer.runNested(task); // queued, it would wait for the commit of the very task that made it
        } else {
            writer.submit(task);
        }
        try {
            return task.future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for a commit", e);
        } catch (TimeoutException | ExecutionException e) {
            throw failure(e);
        }
    }

    /**
     * How a write's failure reaches its caller: the work's own exception as it threw it; a commit that took longer
     * than {@link #WAIT} (the write may still commit later; the caller answers 5xx and the client may retry within the
     * grace period) or failed as {@link StoreUnavailableException}.
     */
    private static RuntimeException failure(Throwable e) {
        Throwable cause = (e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null
                ? e.getCause() : e;
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        if (cause instanceof TimeoutException) {
            return new StoreUnavailableException("embedded database did not commit within " + WAIT, cause);
        }
        return new StoreUnavailableException("embedded database write failed", cause);
    }

    /**
     * One task of the writer: a refresh's look-up, decision and rotation in one transaction. Its reads come from the
     * writer's page cache, where a read connection would re-read every page it needs from the file, because a
     * connection drops its cache at the start of a read once the WAL has changed, and it changes with every commit;
     * and a request takes no read connection and makes no second hand-off. Under bench/run.sh (oauth2, three
     * alternating 25 s runs each way on 2 cores) server CPU per refresh fell from 0.29 to 0.24 ms and refreshes/s rose
     * by 15%. The store calls inside run on the writer at once (see {@link #read}, {@link #write}).
     */
    @Override
    public <T> T asOneUnit(Supplier<T> work) {
        return writer.onWriterThread() ? work.get() : write(c -> Ended.of(work)).get();
    }

    /**
     * The same unit as one task of the writer, for a caller that does not wait for it: the event loop hands the unit
     * over and goes on serving other connections, and the writer's commit hands the result back to {@code then}, one
     * wake-up of that thread for every answer of the group instead of one thread switch per waiting request.
     */
    @Override
    public <T> CompletionStage<T> asOneUnit(Supplier<T> work, Executor then) {
        WriteTask<Ended<T>> task = new WriteTask<>(c -> Ended.of(work), ended -> true);
        try {
            writer.submit(task);
        } catch (StoreUnavailableException e) {
            return CompletableFuture.failedFuture(e);
        }
        // No time-out here: a timer per request costs a thread wake-up each (the caller has its own, see Connection).
        return task.future.handleAsync((ended, e) -> {
            if (e != null) {
                throw failure(e);
            }
            return ended.get();
        }, then);
    }

    /**
     * How a unit's work ended: its result, or the exception it threw, carried past the writer task so that the task
     * keeps the unit's writes either way. Each of them is a write of the store in its own right: a refusal thrown
     * after reuse detection revoked the session must not take the revocation back (TokenStore#asOneUnit).
     */
    private record Ended<T>(T result, RuntimeException thrown) {

        static <T> Ended<T> of(Supplier<T> work) {
            try {
                return new Ended<>(work.get(), null);
            } catch (RuntimeException e) {
                return new Ended<>(null, e);
            }
        }

        T get() {
            if (thrown != null) {
                throw thrown;
            }
            return result;
        }
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return (e.getErrorCode() & 0xff) == 19
                && (message.contains("UNIQUE constraint failed") || message.contains("PRIMARY KEY"));
    }

    @Override
    public boolean tryPurgeLock(SqlConnection connection) {
        return true; // one process owns the file
    }

    @Override
    public String insertionOrder() {
        return "rowid";
    }

    @Override
    public boolean healthy() {
        try {
            return writer.running() && read(c -> Sql.one(c, "SELECT 1", ps -> { }, rs -> true).isPresent());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        writer.close();
        for (SqlConnection c : allReaders) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}

package dev.rotor.server.store.sqlite;

import dev.rotor.core.store.StoreUnavailableException;
import dev.rotor.server.store.jdbc.BatchingThread;
import dev.rotor.server.store.jdbc.SqlConnection;
import dev.rotor.server.store.jdbc.SqlWork;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer: drains every queued write into one transaction, commits once (one fsync shared by the whole
 * group), then answers each waiter. Under load the group grows by itself, because writes queue up while the
 * previous commit is syncing; with one caller it degenerates to one commit per write.
 */
final class GroupCommitWriter {

    /** Bounds one transaction, so a burst cannot make the first waiter of a group wait for thousands of others. */
    static final int MAX_GROUP = 512;

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    private final SqlConnection connection;
    private final BatchingThread<WriteTask<?>> thread;

    GroupCommitWriter(SqlConnection connection) {
        this.connection = connection;
        this.thread = new BatchingThread<>("rotor-sqlite-writer", MAX_GROUP, this::commit,
                "embedded database is closed");
    }

    void submit(WriteTask<?> task) {
        thread.submit(task);
    }

    /** True on the writer itself, that is inside a task: a write made there must not queue behind its own task. */
    boolean onWriterThread() {
        return thread.onThread();
    }

    /**
     * Runs a write that the current task makes (see {@link SqliteDatabase#asOneUnit}) at once, under a savepoint of its
     * own inside that task's; it is durable once the group of the enclosing task commits, and the enclosing task's
     * waiter hears only then.
     */
    void runNested(WriteTask<?> task) {
        try {
            task.runIn(connection);
        } catch (SQLException e) {
            task.fail(e);
            return;
        }
        task.answer();
    }

    /** Runs a read that the current task makes on the write connection, which sees the task's own changes. */
    <T> T readNested(SqlWork<T> work) throws SQLException {
        return work.run(connection);
    }

    boolean running() {
        return thread.running();
    }

    /** Commits whatever is queued, then closes the connection. */
    void close() {
        thread.close();
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the embedded database write connection failed", e);
        }
    }

    private void commit(List<WriteTask<?>> group) {
        try {
            // IMMEDIATE takes the write lock up front, so a busy file is waited for here rather than mid-group.
            connection.execute("BEGIN IMMEDIATE");
            try {
                for (WriteTask<?> task : group) {
                    task.runIn(connection);
                }
                connection.execute("COMMIT");
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly();
                throw e;
            }
        } catch (SQLException | RuntimeException | Error e) {
            // Whatever happened, every waiter must get an answer and the writer must keep running.
            LOG.error("group commit of {} writes failed", group.size(), e);
            StoreUnavailableException failure = new StoreUnavailableException("embedded database commit failed", e);
            group.forEach(task -> task.fail(failure));
            return;
        }
        group.forEach(WriteTask::answer);
    }

    private void rollbackQuietly() {
        try {
            connection.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // the transaction may already be gone; the original failure is what matters
        }
    }
}

package dev.rotor.server.store.sqlite;

import dev.rotor.server.store.jdbc.SqlConnection;
import dev.rotor.server.store.jdbc.SqlWork;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * One caller's write waiting in the writer's queue. It runs inside the shared group transaction under its own
 * savepoint, so that its failure or its decision not to keep its changes touches nobody else's; its waiter is
 * answered only after the group has committed.
 */
final class WriteTask<T> {

    final CompletableFuture<T> future = new CompletableFuture<>();
    private final SqlWork<T> work;
    private final Predicate<? super T> keep;
    private T result;
    private Throwable failure;

    WriteTask(SqlWork<T> work, Predicate<? super T> keep) {
        this.work = work;
        this.keep = keep;
    }

    /**
     * Runs the work under a savepoint. Failures of the work are kept for its waiter; only a failure of the
     * savepoint plumbing itself escapes, because then the whole transaction is in doubt.
     */
    void runIn(SqlConnection c) throws SQLException {
        c.execute("SAVEPOINT task");
        try {
            result = work.run(c);
            if (keep.test(result)) {
                c.execute("RELEASE task");
                return;
            }
        } catch (Exception e) {
            failure = e;
        }
        c.execute("ROLLBACK TO task");
        c.execute("RELEASE task");
    }

    /**
     * Answers the waiter: once the group's commit is durable, or at once for a write nested in another task, whose own
     * waiter hears only after that commit.
     */
    void answer() {
        if (failure != null) {
            future.completeExceptionally(failure);
        } else {
            future.complete(result);
        }
    }

    void fail(Throwable cause) {
        future.completeExceptionally(cause);
    }
}

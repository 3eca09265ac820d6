package dev.rotor.server.store.jdbc;

import dev.rotor.core.store.StoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * One thread that takes whatever was queued while it handled its previous batch and hands it all to a handler at
 * once: the embedded store's group commit and PostgreSQL's batched rotations. Under load the batch grows by itself;
 * with one caller it is one item. {@link #close()} lets it handle everything queued before, then stops it.
 */
public final class BatchingThread<T> implements AutoCloseable {

    private static final Object STOP = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final int maxBatch;
    private final Consumer<List<T>> handler;
    private final String closedMessage;
    private final Thread thread;
    private final Object lock = new Object();
    private boolean closed;

    /** Starts the thread; {@code closedMessage} is what {@link #submit} says once closed. */
    public BatchingThread(String name, int maxBatch, Consumer<List<T>> handler, String closedMessage) {
        this.maxBatch = maxBatch;
        this.handler = handler;
        this.closedMessage = closedMessage;
        this.thread = new Thread(this::loop, name);
        // Daemon: every answered item is already committed, so nothing is lost if the JVM exits without close().
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues one item; throws {@link StoreUnavailableException} once closed. */
    public void submit(T item) {
        // The lock orders submissions before STOP, so no item is left in the queue unhandled after close().
        synchronized (lock) {
            if (closed) {
                throw new StoreUnavailableException(closedMessage, null);
            }
            queue.add(item);
        }
    }

    /** True on the thread itself, that is inside the handler. */
    public boolean onThread() {
        return Thread.currentThread() == thread;
    }

    public boolean running() {
        return thread.isAlive();
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked") // only submit() adds, and it adds Ts; STOP is taken out before the cast
    private void loop() {
        List<Object> batch = new ArrayList<>(maxBatch);
        boolean stop = false;
        while (!stop) {
            batch.clear();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // nobody interrupts this thread; it serves until STOP arrives
            }
            queue.drainTo(batch, maxBatch - 1);
            stop = batch.remove(STOP);
            if (!batch.isEmpty()) {
                handler.accept((List<T>) (List<?>) batch);
            }
        }
    }
}

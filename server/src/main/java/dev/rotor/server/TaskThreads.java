package dev.rotor.server;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Threads for work that blocks (a password hash, a database round trip) on behalf of a thread that must not. */
public final class TaskThreads {

    /** Platform threads for that work before JDK 21; requests beyond it queue. */
    static final int PLATFORM_POOL = 64;

    private TaskThreads() {
    }

    /**
     * A virtual thread per task where the JDK has them (Rotor is compiled for 17, so they are looked up): a task that
     * waits then costs no kernel thread switch. Before 21, a pool of {@link #PLATFORM_POOL} daemon threads named
     * {@code name-N}.
     */
    public static ExecutorService perTask(String name) {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            AtomicInteger count = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(PLATFORM_POOL, PLATFORM_POOL, 1, TimeUnit.MINUTES,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, name + "-" + count.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            return pool;
        }
    }
}

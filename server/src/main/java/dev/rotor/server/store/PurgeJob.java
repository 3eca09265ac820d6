package dev.rotor.server.store;

import dev.rotor.core.store.Stores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps tables bounded (CORE.md "Storage"): every interval, deletes expired sessions and token records and
 * retired signing keys that can no longer verify anything. With PostgreSQL several nodes may run it; the store
 * makes sure only one of them purges at a time.
 */
public final class PurgeJob implements AutoCloseable {

    /** Default time between two purges. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(PurgeJob.class);

    private final Stores stores;
    private final Clock clock;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;

    public PurgeJob(Stores stores, Clock clock, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("purge interval must be positive");
        }
        this.stores = stores;
        this.clock = clock;
        this.interval = interval;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rotor-purge");
            t.setDaemon(true); // never keeps the JVM alive on its own
            return t;
        });
    }

    public PurgeJob(Stores stores, Clock clock) {
        this(stores, clock, DEFAULT_INTERVAL);
    }

    /** Schedules the purge every interval, the first one after one interval. */
    public PurgeJob start() {
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::runSafely, millis, millis, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Purges once now; returns the number of rows (records and keys) deleted. */
    public int runOnce() {
        Instant now = clock.instant();
        int tokens = stores.tokens().purgeExpired(now);
        int keys = stores.keys().purgeRetired(now);
        if (tokens + keys > 0) {
            LOG.info("purged {} expired session/token rows and {} retired keys", tokens, keys);
        }
        return tokens + keys;
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            // A failed purge (store briefly down) must not cancel the schedule: the next run catches up.
            LOG.warn("purge failed; will retry in {}", interval, e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

package dev.rotor.server.metrics;

import dev.rotor.core.Outcome;
import dev.rotor.core.refresh.RefreshService;
import dev.rotor.core.refresh.Refreshed;
import dev.rotor.core.session.DialectRules;
import java.util.Locale;

/** The engine's refresh, counted and timed per dialect: what every dialect calls to refresh. */
public final class MeteredRefresh {

    private final RefreshService refresh;
    private final Metrics metrics;

    public MeteredRefresh(RefreshService refresh, Metrics metrics) {
        this.refresh = refresh;
        this.metrics = metrics;
    }

    public Outcome<Refreshed> refresh(DialectRules rules, byte[] secret) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            Outcome<Refreshed> result = refresh.refresh(rules, secret);
            outcome = result.isOk() ? "ok" : result.failure().name().toLowerCase(Locale.ROOT);
            return result;
        } finally {
            metrics.refreshTimer(rules.dialect()).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            metrics.refreshes(rules.dialect(), outcome).increment();
        }
    }

    /** Counts a refresh refused before reaching the engine (malformed token): outcome "invalid". */
    public void countMalformed(String dialect) {
        metrics.refreshes(dialect, "invalid").increment();
    }
}

package dev.rotor.server.metrics;

import dev.rotor.core.Outcome;
import dev.rotor.core.refresh.PresentedRefresh;
import dev.rotor.core.refresh.RefreshService;
import dev.rotor.core.refresh.Refreshed;
import dev.rotor.core.session.DialectRules;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The engine's refresh, counted and timed per dialect: what every dialect calls to refresh. */
public final class MeteredRefresh {

    private final RefreshService refresh;
    private final Metrics metrics;

    public MeteredRefresh(RefreshService refresh, Metrics metrics) {
        this.refresh = refresh;
        this.metrics = metrics;
    }

    public Outcome<Refreshed> refresh(DialectRules rules, byte[] secret) {
        return metered(rules, () -> refresh.refresh(rules, secret));
    }

    /** The engine's look-up alone (not counted: the refresh that follows, or {@link #countMalformed}, is). */
    public Optional<PresentedRefresh> lookUp(DialectRules rules, byte[] secret) {
        return refresh.lookUp(rules, secret);
    }

    /** Refreshes a token that {@link #lookUp} found. */
    public Outcome<Refreshed> refresh(DialectRules rules, PresentedRefresh presented) {
        return metered(rules, () -> refresh.refresh(rules, presented));
    }

    private Outcome<Refreshed> metered(DialectRules rules, Supplier<Outcome<Refreshed>> engine) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            Outcome<Refreshed> result = engine.get();
            outcome = result.isOk() ? "ok" : Metrics.outcome(result.failure());
            return result;
        } finally {
            metrics.refreshTimer(rules.dialect()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            metrics.refreshes(rules.dialect(), outcome).increment();
        }
    }

    /** {@link RefreshService#asOneUnit}: a dialect's look-up, checks and refresh as one unit of the store. */
    public <T> T asOneUnit(Supplier<T> work) {
        return refresh.asOneUnit(work);
    }

    /** {@link RefreshService#asOneUnit(Supplier, Executor)}: the same unit, for a caller that must not wait. */
    public <T> CompletionStage<T> asOneUnit(Supplier<T> work, Executor then) {
        return refresh.asOneUnit(work, then);
    }

    /** Counts a refresh refused before reaching the engine (malformed or unknown token): outcome "invalid". */
    public void countMalformed(String dialect) {
        metrics.refreshes(dialect, "invalid").increment();
    }
}

package dev.rotor.server.metrics;

import dev.rotor.core.Failure;
import dev.rotor.core.event.SecurityEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process's meters, exposed as Prometheus text on {@code GET /metrics}: refreshes by dialect and outcome, refresh
 * latency histograms, reuse detections and security events. One instance per {@code Rotor}; no global registry.
 */
public final class Metrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Every refresh records into these: built and registered once per dialect (and outcome), not per request.
    private final Map<String, Counter> refreshCounters = new ConcurrentHashMap<>();
    private final Map<String, Timer> refreshTimers = new ConcurrentHashMap<>();

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Starts at 0 every counter an alert may watch, for each dialect served. Prometheus's {@code increase()} sees a
     * series only from its first sample, so a counter that first appears at 1 (the first reuse detected, say) would
     * never show as an increase ("avoid missing metrics", Prometheus's instrumentation practices).
     */
    public void declare(Collection<String> dialects) {
        for (String dialect : dialects) {
            refreshes(dialect, "ok");
            refreshes(dialect, "error");
            for (Failure failure : EnumSet.complementOf(EnumSet.of(Failure.BAD_CREDENTIALS, Failure.THROTTLED))) {
                refreshes(dialect, outcome(failure)); // the failures a refresh can end in; the other two are logins'
            }
            reuseDetected(dialect);
        }
        for (SecurityEvent.Type type : SecurityEvent.Type.values()) {
            securityEvents(eventType(type));
        }
    }

    /** How a refresh failure is named in {@code rotor_refresh_total}'s outcome label. */
    static String outcome(Failure failure) {
        return failure.name().toLowerCase(Locale.ROOT);
    }

    /** How a security event is named in {@code rotor_security_events_total}'s type label. */
    static String eventType(SecurityEvent.Type type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    /** {@code rotor_refresh_total{dialect,outcome}}; outcome is "ok", "error" or a failure's {@link #outcome}. */
    public Counter refreshes(String dialect, String outcome) {
        return refreshCounters.computeIfAbsent(dialect + '\n' + outcome, k -> Counter.builder("rotor.refresh")
                .description("Refresh requests by dialect and outcome")
                .tag("dialect", dialect).tag("outcome", outcome).register(registry));
    }

    /** {@code rotor_refresh_seconds{dialect}}, with a percentile histogram. */
    public Timer refreshTimer(String dialect) {
        return refreshTimers.computeIfAbsent(dialect, d -> Timer.builder("rotor.refresh")
                .description("Time spent in the engine per refresh")
                .tag("dialect", d).publishPercentileHistogram().register(registry));
    }

    /** {@code rotor_reuse_detected_total{dialect}}. */
    public Counter reuseDetected(String dialect) {
        return Counter.builder("rotor.reuse.detected").description("Rotated refresh tokens presented again")
                .tag("dialect", dialect).register(registry);
    }

    /** {@code rotor_security_events_total{type}}. */
    public Counter securityEvents(String type) {
        return Counter.builder("rotor.security.events").description("Security events by type")
                .tag("type", type).register(registry);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}

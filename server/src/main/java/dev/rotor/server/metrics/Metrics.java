package dev.rotor.server.metrics;

import dev.rotor.core.Failure;
import dev.rotor.core.event.SecurityEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.DiskSpaceMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process's meters, exposed as Prometheus text on {@code GET /metrics}: refreshes by dialect and outcome, refresh
 * latency histograms, reuse detections and security events, and what an operator watches on any JVM service (heap and
 * GC, threads, CPU, open files, uptime). One instance per {@code Rotor}; no global registry.
 */
public final class Metrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Listens to the JVM's GC notifications once bound, until closed. */
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private Path dataDirectory;
    private boolean processMetersBound;
    // Every refresh records into these: built and registered once per dialect (and outcome), not per request.
    private final Map<String, Counter> refreshCounters = new ConcurrentHashMap<>();
    private final Map<String, Timer> refreshTimers = new ConcurrentHashMap<>();

    /**
     * From the first scrape on, adds {@code disk_free_bytes} and {@code disk_total_bytes} for the file system that
     * holds {@code dataDirectory}: on the embedded store a full disk stops every refresh, so it is worth an alert
     * before it happens. Called before the server answers, so before any scrape.
     */
    public synchronized void watchDisk(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    /**
     * Binds Micrometer's own JVM and process binders, so the names are the ones dashboards for JVM services already
     * use ({@code jvm_memory_used_bytes}, {@code process_files_open_files}, ...). Done at the first scrape, not at
     * construction: loading them measurably lengthened the time to the first refresh (bench/starts.sh), and nobody
     * reads them before a scrape. GC allocation counts therefore start at the first scrape.
     */
    private synchronized void bindProcessMeters() {
        if (processMetersBound) {
            return;
        }
        processMetersBound = true;
        List<MeterBinder> binders = new ArrayList<>(List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(),
                new ProcessorMetrics(), new FileDescriptorMetrics(), new UptimeMetrics()));
        if (dataDirectory != null) {
            binders.add(new DiskSpaceMetrics(dataDirectory.toFile()));
        }
        binders.forEach(binder -> binder.bindTo(registry));
    }

    @Override
    public void close() {
        gc.close();
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
        bindProcessMeters();
        return registry.scrape();
    }
}

package dev.rotor.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.slf4j.LoggerFactory;

/**
 * Initialises the heaviest parts of the serving path (logging, the JDK's locale list, Bouncy Castle's Ed25519 tables,
 * JSON, Jetty, Javalin and the refresh meters) on a second thread while the main thread parses the command line and
 * opens and migrates the store: on two cores that overlaps most of it, and the server answers its first refresh
 * sooner. Purely an optimisation: if it fails, or is still running, the main thread just does the same work itself.
 */
final class StartupWarmup {

    private StartupWarmup() {
    }

    static void start() {
        Thread thread = new Thread(StartupWarmup::run, "rotor-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        try {
            LoggerFactory.getILoggerFactory(); // logback's set-up: ~80 ms, first needed by the store's pool
            Locale.getAvailableLocales(); // asked for by Jetty's MimeTypes when the server is built: ~60 ms
            Ed25519.precompute();
            new ObjectMapper().writeValueAsBytes(Map.of("warm", true));
            JSONObjectUtils.toJSONString(Map.of("warm", true)); // Nimbus's JSON, which every signed token is written in
            Class.forName("org.eclipse.jetty.server.Server");
            Class.forName("io.javalin.Javalin");
            meters();
        } catch (ReflectiveOperationException | java.io.IOException | RuntimeException e) {
            LoggerFactory.getLogger(StartupWarmup.class).debug("start-up warm-up skipped: {}", e.toString());
        }
    }

    /**
     * A throwaway registry's first timer with a percentile histogram and first counter: the first refresh registers
     * its dialect's, and that cold code took ~90 ms of it (a CPU profile of one start), inside its store unit.
     */
    private static void meters() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try {
            Timer.builder("rotor.warmup.seconds").publishPercentileHistogram().register(registry)
                    .record(Duration.ofMillis(1));
            Counter.builder("rotor.warmup").tag("outcome", "ok").register(registry).increment();
        } finally {
            registry.close();
        }
    }
}

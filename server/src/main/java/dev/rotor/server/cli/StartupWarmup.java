package dev.rotor.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.time.Duration;
import java.util.Map;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.slf4j.LoggerFactory;

/**
 * Initialises the heaviest parts of the serving path (logging, Bouncy Castle's Ed25519 tables, JSON, Netty's buffers
 * and HTTP codec, and the refresh meters) on a second thread while the main thread parses the command line and opens
 * and migrates the store: on two cores that overlaps most of it, and the server answers its first refresh
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
            Ed25519.precompute();
            new ObjectMapper().writeValueAsBytes(Map.of("warm", true));
            JSONObjectUtils.toJSONString(Map.of("warm", true)); // Nimbus's JSON, which every signed token is written in
            ByteBufAllocator.DEFAULT.buffer(64).release(); // Netty's pooled allocator, set up on first use
            new HttpServerCodec();
            meters();
        } catch (java.io.IOException | RuntimeException e) {
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

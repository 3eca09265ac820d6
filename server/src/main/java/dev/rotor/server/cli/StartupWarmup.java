package dev.rotor.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.slf4j.LoggerFactory;

/**
 * Initialises the heaviest parts of the serving path (logging, the JDK's locale list, Bouncy Castle's Ed25519 tables,
 * Jackson, Jetty and Javalin) on a second thread while the main thread parses the command line and opens and migrates
 * the store: on two cores that overlaps most of it, and the server answers its first refresh sooner. Purely an optimisation: if it fails, or is still
 * running, the main thread just does the same work itself.
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
            new ObjectMapper().writeValueAsBytes(java.util.Map.of("warm", true));
            Class.forName("org.eclipse.jetty.server.Server");
            Class.forName("io.javalin.Javalin");
        } catch (ReflectiveOperationException | java.io.IOException | RuntimeException e) {
            LoggerFactory.getLogger(StartupWarmup.class).debug("start-up warm-up skipped: {}", e.toString());
        }
    }
}

package dev.rotor.server;

import dev.rotor.core.event.SecurityEvents;
import dev.rotor.core.login.LoginService;
import dev.rotor.core.login.LoginThrottle;
import dev.rotor.core.login.PasswordHasher;
import dev.rotor.core.refresh.RefreshService;
import dev.rotor.core.session.SessionService;
import dev.rotor.core.store.Stores;
import dev.rotor.core.token.SuccessorDeriver;
import dev.rotor.server.config.Settings;
import dev.rotor.server.http.Dialect;
import dev.rotor.server.http.HttpServer;
import dev.rotor.server.http.KeySource;
import dev.rotor.server.http.Services;
import dev.rotor.server.http.dialect.Dialects;
import dev.rotor.server.metrics.LoggingSecurityEvents;
import dev.rotor.server.metrics.MeteredRefresh;
import dev.rotor.server.metrics.Metrics;
import dev.rotor.server.store.PurgeJob;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every service by hand from its {@link Parts} (constructor injection, no framework, no
 * static state), starts the purge job and the HTTP server, and stops them all on {@link #close()}.
 */
public final class Rotor implements AutoCloseable {

    /**
     * What the root is built from. The stores and keys are opened by the caller (the {@code serve} command, or a
     * test with {@code InMemoryStores}), so that the root does not care which store or key ring it runs on.
     *
     * @param successorKey 32+ bytes shared by every node (derived from the master key), for grace-period retries
     * @param onClose      released after the server stops (e.g. the stores and key rings); may be a no-op
     * @param idleTimeout  how long a silent connection is kept ({@link HttpServer#IDLE_TIMEOUT}; shorter in tests)
     */
    public record Parts(Settings settings, Clock clock, Stores stores, KeySource keys, PasswordHasher passwords,
                        byte[] successorKey, AutoCloseable onClose, Duration idleTimeout) {

        public Parts(Settings settings, Clock clock, Stores stores, KeySource keys, PasswordHasher passwords,
                     byte[] successorKey, AutoCloseable onClose) {
            this(settings, clock, stores, keys, passwords, successorKey, onClose, HttpServer.IDLE_TIMEOUT);
        }

        /** The same parts with another idle timeout (tests of slow clients). */
        public Parts withIdleTimeout(Duration timeout) {
            return new Parts(settings, clock, stores, keys, passwords, successorKey, onClose, timeout);
        }
    }

    /**
     * How often keys are re-read from the store: a rotation on another node reaches signing here within this. Must
     * stay below {@link dev.rotor.server.crypto.KeyRings#OTHER_NODES_LAG}, the extra verification time of a retired key.
     */
    public static final Duration KEY_MAINTENANCE_EVERY = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(Rotor.class);

    private final Parts parts;
    private final Metrics metrics = new Metrics();
    private final Services services;
    private final HttpServer http;
    private final PurgeJob purge;
    private final ScheduledExecutorService keyMaintenance;

    private Rotor(Parts parts) {
        this.parts = parts;
        Settings settings = parts.settings();
        Clock clock = parts.clock();
        Stores stores = parts.stores();
        SecurityEvents events = new LoggingSecurityEvents(metrics);
        SessionService sessions = new SessionService(stores.tokens(), stores.users(), clock, events);
        RefreshService refresh = new RefreshService(stores.tokens(), stores.users(), clock,
                new SuccessorDeriver(parts.successorKey()), settings.grace(), events);
        LoginService login = new LoginService(stores.users(), parts.passwords(), LoginThrottle.standard(), clock, events);
        this.services = new Services(settings, clock, stores, sessions, login, new MeteredRefresh(refresh, metrics),
                parts.passwords(), parts.keys());
        List<Dialect> dialects = Dialects.all(services);
        metrics.declare(dialects.stream().filter(Dialect::enabled).map(Dialect::name).toList());
        if (settings.storeUrl() == null && Files.isDirectory(settings.data())) { // the embedded store's directory
            metrics.watchDisk(settings.data());
        }
        this.http = new HttpServer(settings, dialects, () -> stores.healthy() && parts.keys().loaded(), metrics,
                parts.idleTimeout());
        this.purge = new PurgeJob(stores, clock);
        this.keyMaintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rotor-keys");
            t.setDaemon(true);
            return t;
        });
    }

    /** Builds and starts everything; on failure, releases what was opened. */
    public static Rotor start(Parts parts) {
        Rotor rotor = new Rotor(parts);
        try {
            rotor.http.start();
            rotor.purge.start();
            long every = KEY_MAINTENANCE_EVERY.toSeconds();
            rotor.keyMaintenance.scheduleWithFixedDelay(rotor::maintainKeys, every, every, TimeUnit.SECONDS);
            return rotor;
        } catch (RuntimeException e) {
            rotor.close();
            throw e;
        }
    }

    /** Deletes expired sessions, tokens and keys now (CORE.md "Storage": tables stay bounded); returns rows deleted. */
    public int purgeOnce() {
        return purge.runOnce();
    }

    private void maintainKeys() {
        try {
            parts.keys().maintain();
        } catch (RuntimeException e) {
            LOG.warn("reloading keys failed: {}", e.getClass().getSimpleName());
        }
    }

    public int port() {
        return http.port();
    }

    public Services services() {
        return services;
    }

    public Metrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        purge.close();
        keyMaintenance.shutdownNow();
        metrics.close();
        try {
            http.close();
        } finally {
            try {
                parts.onClose().close();
            } catch (Exception e) {
                LOG.warn("closing stores failed: {}", e.getClass().getSimpleName());
            }
        }
    }
}

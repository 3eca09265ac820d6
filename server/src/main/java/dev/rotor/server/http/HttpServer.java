package dev.rotor.server.http;

import dev.rotor.core.store.StoreUnavailableException;
import dev.rotor.server.config.Settings;
import dev.rotor.server.metrics.Metrics;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.CookieCompliance;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: Javalin 7 on Jetty 12, with Rotor's limits (64 KiB bodies, 16 KiB headers, 30 s idle timeout, no
 * server version header), a bounded pool of platform threads, health and metrics routes,
 * and every enabled dialect's routes. Errors raised outside a dialect's own code are written in the shape of the
 * dialect that owns the path.
 */
public final class HttpServer implements AutoCloseable {

    public static final int MAX_HEADER_BYTES = 16 * 1024;
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final Javalin app;
    private final RouteTable table = new RouteTable();

    public HttpServer(Settings settings, List<Dialect> dialects, Readiness readiness, Metrics metrics) {
        this(settings, dialects, readiness, metrics, IDLE_TIMEOUT);
    }

    /** With another idle timeout than {@link #IDLE_TIMEOUT} (tests of slow clients use a short one). */
    public HttpServer(Settings settings, List<Dialect> dialects, Readiness readiness, Metrics metrics,
                      Duration idleTimeout) {
        List<Dialect> on = dialects.stream().filter(Dialect::enabled).toList();
        List<TokenIntrospector> introspectors = new ArrayList<>();
        on.forEach(d -> introspectors.addAll(d.introspectors()));
        this.app = Javalin.create(cfg -> {
            limits(cfg, settings, idleTimeout);
            cfg.routes.before(Bodies::checkDeclaredLength);
            cfg.routes.after(Bodies::readUnread);
            cfg.routes.get("/health/live", ctx -> Responses.json(ctx, 200, Responses.object().put("status", "up")));
            cfg.routes.get("/health/ready", ctx -> {
                boolean ready = readySafely(readiness);
                Responses.json(ctx, ready ? 200 : 503, Responses.object().put("status", ready ? "ready" : "not ready"));
            });
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(metrics.scrape()));
            for (Dialect d : on) {
                d.routes(new Routes(d, cfg.routes, table, introspectors));
            }
            errors(cfg);
        });
    }

    private static void limits(JavalinConfig cfg, Settings settings, Duration idleTimeout) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.http.maxRequestSize = Bodies.MAX_BODY;
        cfg.http.prefer405over404 = true;
        cfg.http.generateEtags = false;
        // Platform threads on every JDK, also where virtual ones exist: with them Jetty can run a request on the
        // thread that read it instead of handing it to another, and refresh throughput was 6% higher (p99 8 ms instead
        // of 11) under bench/run.sh on JDK 25. A request blocks its thread only while its group commit syncs.
        QueuedThreadPool pool = new QueuedThreadPool(200, 8, (int) Duration.ofMinutes(1).toMillis());
        pool.setName("rotor-http");
        cfg.jetty.threadPool = pool;
        cfg.jetty.modifyHttpConfiguration(http -> {
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
            http.setSendDateHeader(true);
            http.setRequestHeaderSize(MAX_HEADER_BYTES);
            // Jetty's strict cookie parser answers an odd cookie (a tab, say) with its own HTML 400 page; dialects read
            // the Cookie header themselves and refuse bad values in their own error shape (watchr: 401).
            http.setRequestCookieCompliance(CookieCompliance.RFC6265_LEGACY);
        });
        cfg.jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(settings.host());
            connector.setPort(settings.port());
            connector.setIdleTimeout(idleTimeout.toMillis());
            return connector;
        });
    }

    private void errors(JavalinConfig cfg) {
        cfg.routes.exception(HttpProblem.class, (e, ctx) -> shapeFor(ctx).write(ctx, e.status(), e.getMessage()));
        cfg.routes.exception(BadBody.class, (e, ctx) -> shapeFor(ctx).write(ctx, 400, ErrorShape.genericMessage(400)));
        cfg.routes.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            if (status >= 500) {
                LOG.error("request to {} failed with {}", ctx.path(), status);
            }
            shapeFor(ctx).write(ctx, status, ErrorShape.genericMessage(status));
        });
        cfg.routes.exception(StoreUnavailableException.class, (e, ctx) -> {
            // The database is down or unreachable: retryable, so 503 (and one log line, not a stack per request).
            LOG.warn("store unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.header("Retry-After", "1");
            shapeFor(ctx).write(ctx, 503, ErrorShape.genericMessage(503));
        });
        cfg.routes.exception(Exception.class, (e, ctx) -> {
            // The log gets the exception (never a token: no code path puts one in a message); the client does not.
            LOG.error("unhandled failure on {} {}", ctx.method(), ctx.path(), e);
            shapeFor(ctx).write(ctx, 500, ErrorShape.genericMessage(500));
        });
        for (int status : new int[] {404, 405}) {
            cfg.routes.error(status, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    shapeFor(ctx).write(ctx, status, ErrorShape.genericMessage(status));
                }
            });
        }
    }

    private ErrorShape shapeFor(Context ctx) {
        Dialect owner = table.owner(ctx.path());
        return owner == null ? ErrorShape.PLAIN : owner.errorShape();
    }

    private static boolean readySafely(Readiness readiness) {
        try {
            return readiness.ready();
        } catch (RuntimeException e) {
            LOG.warn("readiness check failed: {}", e.getClass().getSimpleName());
            return false;
        }
    }

    public HttpServer start() {
        app.start();
        return this;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}

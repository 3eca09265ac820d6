package dev.rotor.server.http;

import dev.rotor.core.store.StoreUnavailableException;
import dev.rotor.server.TaskThreads;
import dev.rotor.server.config.Settings;
import dev.rotor.server.metrics.Metrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: HTTP/1.1 on Netty, with Rotor's limits (64 KiB bodies, 16 KiB headers, 30 s idle timeout, no
 * server header), health and metrics routes and every enabled dialect's routes. Errors raised outside a dialect's own
 * code are written in the shape of the dialect that owns the path.
 *
 * <p>A few event-loop threads read, parse and write every connection; each complete request runs on a thread of its
 * own, virtual where the JDK has them (21+), because handlers block while their store unit commits.
 */
public final class HttpServer implements AutoCloseable {

    public static final int MAX_HEADER_BYTES = 16 * 1024;
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** How long a request may wait for its answer before it gets 503 (as long as the embedded store's commits). */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_REQUEST_LINE = 8 * 1024;
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    private final Settings settings;
    private final Duration idleTimeout;
    private final RouteTable table = new RouteTable();
    /** Normalised path (see {@link RouteTable#normalize}) to method to handler. */
    private final Map<String, Map<String, AsyncHandler>> routes = new HashMap<>();
    private final ExecutorService handlerThreads;
    private volatile Stamp date = new Stamp(-1, "");
    private EventLoopGroup loops;
    private Channel listener;

    public HttpServer(Settings settings, List<Dialect> dialects, Readiness readiness, Metrics metrics) {
        this(settings, dialects, readiness, metrics, IDLE_TIMEOUT);
    }

    /** With another idle timeout than {@link #IDLE_TIMEOUT} (tests of slow clients use a short one). */
    public HttpServer(Settings settings, List<Dialect> dialects, Readiness readiness, Metrics metrics,
                      Duration idleTimeout) {
        this(settings, dialects, readiness, metrics, idleTimeout, TaskThreads.perTask("rotor-http"));
    }

    /** With the threads that run handlers which may block given (tests run them by hand). */
    HttpServer(Settings settings, List<Dialect> dialects, Readiness readiness, Metrics metrics, Duration idleTimeout,
               ExecutorService handlerThreads) {
        this.settings = settings;
        this.handlerThreads = handlerThreads;
        this.idleTimeout = idleTimeout;
        List<Dialect> on = dialects.stream().filter(Dialect::enabled).toList();
        List<TokenIntrospector> introspectors = new ArrayList<>();
        on.forEach(d -> introspectors.addAll(d.introspectors()));
        add("GET", "/health/live", ex -> {
            Responses.json(ex, 200, Responses.object().put("status", "up"));
            return DONE;
        });
        blocking("GET", "/health/ready", ex -> {
            boolean ready = readySafely(readiness);
            Responses.json(ex, ready ? 200 : 503, Responses.object().put("status", ready ? "ready" : "not ready"));
        });
        blocking("GET", "/metrics",
                ex -> ex.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        for (Dialect d : on) {
            d.routes(new Routes(d, this::add, table, introspectors));
        }
    }

    private void add(String method, String path, AsyncHandler handler) {
        routes.computeIfAbsent(RouteTable.normalize(path), p -> new HashMap<>()).put(method, handler);
    }

    private void blocking(String method, String path, Handler handler) {
        add(method, path, ex -> ex.blocking(handler));
    }

    /**
     * Starts answering one complete request, on its connection's event-loop thread: its route's handler, or 404 / 405
     * when there is none. The exchange is filled when the returned stage completes; a failure (thrown here or
     * completing the stage) goes to {@link #failed}.
     */
    CompletionStage<?> answer(Exchange ex) throws Exception {
        Map<String, AsyncHandler> methods = routes.get(RouteTable.normalize(ex.path()));
        if (methods == null) {
            shapeFor(ex).write(ex, 404, ErrorShape.genericMessage(404));
            return DONE;
        }
        AsyncHandler handler = methods.get(ex.method());
        if (handler == null && "HEAD".equals(ex.method())) {
            // RFC 9110 §9.3.2: HEAD is GET without the content (a load balancer's health check, say). Netty's server
            // codec drops the body of the answer to a HEAD and keeps its Content-Length.
            handler = methods.get("GET");
        }
        if (handler == null) {
            ex.header("Allow", allowed(methods)); // RFC 9110 §15.5.6: a 405 MUST list the methods the path has
            shapeFor(ex).write(ex, 405, ErrorShape.genericMessage(405));
            return DONE;
        }
        return handler.handle(ex);
    }

    /** The methods a path answers, for the Allow header: its routes' and HEAD wherever GET is. */
    private static String allowed(Map<String, AsyncHandler> methods) {
        Set<String> names = new TreeSet<>(methods.keySet());
        if (names.contains("GET")) {
            names.add("HEAD");
        }
        return String.join(", ", names);
    }

    /** Writes the answer to a request whose handler failed, in the owning dialect's error shape. */
    void failed(Exchange ex, Throwable failure) {
        Throwable e = AsyncHandler.cause(failure);
        if (e instanceof HttpProblem problem) {
            shapeFor(ex).write(ex, problem.status(), problem.getMessage());
        } else if (e instanceof BadBody) {
            shapeFor(ex).write(ex, 400, ErrorShape.genericMessage(400));
        } else if (e instanceof StoreUnavailableException) {
            // The database is down or unreachable: retryable, so 503 (and one log line, not a stack per request).
            LOG.warn("store unavailable on {} {}: {}", ex.method(), ex.path(), e.getMessage());
            ex.header("Retry-After", "1");
            shapeFor(ex).write(ex, 503, ErrorShape.genericMessage(503));
        } else if (e instanceof RejectedExecutionException) {
            ex.header("Retry-After", "1"); // the server is stopping
            shapeFor(ex).write(ex, 503, ErrorShape.genericMessage(503));
        } else {
            // The log gets the exception (never a token: no code path puts one in a message); the client does not.
            LOG.error("unhandled failure on {} {}", ex.method(), ex.path(), e);
            shapeFor(ex).write(ex, 500, ErrorShape.genericMessage(500));
        }
    }

    /** Where handlers that may block run. */
    ExecutorService handlerThreads() {
        return handlerThreads;
    }

    /** Answers a request refused before any handler ran (413, say), in the owning dialect's shape. */
    void refuse(Exchange ex, int status) {
        shapeFor(ex).write(ex, status, ErrorShape.genericMessage(status));
    }

    /** The Date header (RFC 9110 §5.6.7), formatted at most once a second. */
    String date() {
        long second = System.currentTimeMillis() / 1000;
        Stamp d = date;
        if (d.second() != second) {
            d = new Stamp(second, IMF_FIXDATE.format(Instant.ofEpochSecond(second)));
            date = d;
        }
        return d.text();
    }

    private record Stamp(long second, String text) {
    }

    private ErrorShape shapeFor(Exchange ex) {
        Dialect owner = table.owner(ex.path());
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
        // Not daemon threads: a running server keeps the JVM alive through them (Main returns after starting it).
        loops = new MultiThreadIoEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("rotor-http-io", false), NioIoHandler.newFactory());
        String address = Settings.authority(settings.host(), settings.port());
        HttpDecoderConfig limits = new HttpDecoderConfig().setMaxInitialLineLength(MAX_REQUEST_LINE)
                .setMaxHeaderSize(MAX_HEADER_BYTES);
        try {
            listener = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(
                                    new IdleStateHandler(0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS),
                                    new HttpServerCodec(limits),
                                    new Connection(HttpServer.this));
                        }
                    })
                    .bind(settings.host(), settings.port()).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while binding " + address, e);
        } catch (Exception e) {
            // Exception, not RuntimeException: sync() rethrows the bind's checked BindException ("Address already in
            // use") without declaring it, and the operator should read that rather than a bare exception name.
            close();
            String why = e instanceof UnresolvedAddressException ? "no such host"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IllegalStateException("cannot listen on " + address + ": " + why, e);
        }
        return this;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close().awaitUninterruptibly();
        }
        if (loops != null) {
            loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        handlerThreads.shutdown();
    }
}

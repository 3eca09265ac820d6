package dev.rotor.server.http.dialect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotor.core.Failure;
import dev.rotor.core.Outcome;
import dev.rotor.core.login.LoginService;
import dev.rotor.core.refresh.Refreshed;
import dev.rotor.core.session.DialectRules;
import dev.rotor.core.session.Lifetimes;
import dev.rotor.core.session.RotationPolicy;
import dev.rotor.core.session.SessionService;
import dev.rotor.core.session.StartRequest;
import dev.rotor.core.session.StartedSession;
import dev.rotor.core.store.User;
import dev.rotor.server.config.DialectDefaults;
import dev.rotor.server.config.DialectSettings;
import dev.rotor.server.config.Settings;
import dev.rotor.server.crypto.KeyRingConfig;
import dev.rotor.server.http.CrossOrigin;
import dev.rotor.server.http.Dialect;
import dev.rotor.server.http.ErrorShape;
import dev.rotor.server.http.Routes;
import dev.rotor.server.http.Services;
import dev.rotor.core.token.IssuedRefresh;
import dev.rotor.server.http.dialect.KirjaswappiDialect.Refresher;
import dev.rotor.server.http.dialect.KirjaswappiDialect.Reply;
import dev.rotor.server.http.dialect.KirjaswappiDialect.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The watchr wire dialect (DIALECTS.md {@code watchr}, seed 004): form login, refresh and logout with the refresh
 * token only in an HttpOnly {@code refresh_token} cookie, an Origin check against cross-site requests, FastAPI error
 * shapes, and {@code GET /openapi.json}.
 */
public final class WatchrDialect implements Dialect {

    private static final Logger LOG = LoggerFactory.getLogger(WatchrDialect.class);

    public static final String NAME = "watchr";
    static final String COOKIE = "refresh_token";

    /** Default rules: access 30 minutes (FastAPI's tutorial), refresh 7 days, session 30 days, rotation on. */
    public static DialectRules defaultRules() {
        return new DialectRules(NAME, RotationPolicy.ALWAYS,
                new Lifetimes(Duration.ofMinutes(30), Duration.ofDays(7), Duration.ofDays(7), Duration.ofDays(30)),
                WatchrTokens.REFRESH_SECRET_BYTES, 0);
    }

    private final WatchrTokens tokens;
    private final DialectRules rules;
    private final LoginService login;
    private final SessionService sessions;
    private final Refresher refresher;
    private final Clock clock;
    private final boolean secureCookie;
    private final CrossOrigin crossOrigin;
    private final String prefix;
    private final boolean enabled;

    /** Rotation on, access 30 minutes, refresh 7 days. */
    public static final DialectDefaults DEFAULTS = new DialectDefaults("always", Duration.ofMinutes(30), Duration.ofDays(7));

    /** One HS256 ring, {@code watchr}, for access tokens (the refresh cookie is opaque). */
    public static List<KeyRingConfig> keyRings(Settings settings) {
        DialectSettings ds = settings.dialect(NAME, DEFAULTS);
        return List.of(Dialects.hs256Ring(NAME, ds, ds.accessTtl()));
    }

    /** Built by the composition root: ring {@code watchr}, {@code ROTOR_WATCHR_COOKIE_SECURE}, {@code _ALLOWED_ORIGINS}. */
    public static WatchrDialect from(Services services) {
        DialectSettings ds = services.settings().dialect(NAME, DEFAULTS);
        DialectRules rules = new DialectRules(NAME, ds.rotation(),
                new Lifetimes(ds.accessTtl(), ds.refreshTtl(), ds.refreshTtl(), Duration.ofDays(30).compareTo(ds.refreshTtl()) > 0
                        ? Duration.ofDays(30) : ds.refreshTtl()), WatchrTokens.REFRESH_SECRET_BYTES, 0);
        return new WatchrDialect(new WatchrTokens(services.keys().ring(NAME)), rules, services.login(),
                services.sessions(), services.refresh()::refresh, services.clock(), ds.prefix(),
                ds.flag("COOKIE_SECURE", true),
                CrossOrigin.fromSetting("ROTOR_WATCHR_ALLOWED_ORIGINS", ds.extra("ALLOWED_ORIGINS"), true), ds.enabled());
    }

    /** An enabled dialect; {@code prefix} as {@link DialectSettings#prefix()} has it, "" or a validated "/path". */
    public WatchrDialect(WatchrTokens tokens, DialectRules rules, LoginService login, SessionService sessions,
                         Refresher refresher, Clock clock, String prefix, boolean secureCookie,
                         Set<String> allowedOrigins) {
        this(tokens, rules, login, sessions, refresher, clock, prefix, secureCookie,
                CrossOrigin.of(allowedOrigins, true), true);
    }

    private WatchrDialect(WatchrTokens tokens, DialectRules rules, LoginService login, SessionService sessions,
                          Refresher refresher, Clock clock, String prefix, boolean secureCookie,
                          CrossOrigin crossOrigin, boolean enabled) {
        this.tokens = tokens;
        this.rules = rules;
        this.login = login;
        this.sessions = sessions;
        this.refresher = refresher;
        this.clock = clock;
        this.secureCookie = secureCookie;
        this.crossOrigin = crossOrigin;
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.enabled = enabled;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public String prefix() {
        return prefix;
    }

    @Override
    public void routes(Routes routes) {
        for (String path : List.of("/auth/login", "/auth/refresh", "/auth/logout")) {
            routes.post(path, KirjaswappiHttp.handler(this::handle));
            if (!crossOrigin.none()) {
                routes.add("OPTIONS", path, KirjaswappiHttp.handler(this::preflight));
            }
        }
        routes.get("/openapi.json", KirjaswappiHttp.handler(this::handle));
    }

    @Override
    public ErrorShape errorShape() {
        return (ctx, status, message) -> KirjaswappiHttp.write(ctx, detail(status, message));
    }

    public List<String> paths() {
        return List.of(prefix + "/auth/login", prefix + "/auth/refresh", prefix + "/auth/logout", prefix + "/openapi.json");
    }

    /**
     * Answers a request for one of {@link #paths()}; never throws. A page of an allowed origin may read the answer
     * (CORS: Fetch standard, #http-responses), so that the setting lets it log in and refresh from a browser.
     */
    public Reply handle(Request request) {
        Reply reply = answer(request);
        String origin = crossOrigin.allowed(request.header("Origin"));
        if (origin != null) {
            withHeaders(reply, crossOrigin.answerHeaders(origin));
        }
        return reply;
    }

    /** A browser's CORS preflight before a page of an allowed origin sends a POST that is not "simple". */
    Reply preflight(Request request) {
        String refusal = crossOrigin.refusal(request.header("Origin"), request.header("Access-Control-Request-Method"),
                request.header("Access-Control-Request-Headers"));
        if (refusal != null) {
            return detail(400, refusal);
        }
        Reply reply = new Reply(204, new LinkedHashMap<>(), null);
        withHeaders(reply, crossOrigin.preflightHeaders(crossOrigin.allowed(request.header("Origin"))));
        return reply;
    }

    private static void withHeaders(Reply reply, Map<String, String> headers) {
        headers.forEach((name, value) -> reply.headers().put(name, new ArrayList<>(List.of(value))));
    }

    private Reply answer(Request request) {
        try {
            String path = request.path();
            boolean read = "GET".equals(request.method()) || "HEAD".equals(request.method());
            if (path.equals(prefix + "/openapi.json") && read) {
                return new Reply(200, KirjaswappiDialect.jsonHeaders(false), WatchrOpenApi.document(prefix));
            }
            if (!"POST".equals(request.method())) {
                return detail(405, "Method Not Allowed");
            }
            if (request.body() != null && request.body().length > KirjaswappiDialect.MAX_BODY) {
                return detail(413, "Request Entity Too Large");
            }
            if (!originAllowed(request)) {
                return detail(403, "Origin not allowed");
            }
            if (path.equals(prefix + "/auth/login")) {
                return login(request);
            }
            if (path.equals(prefix + "/auth/refresh")) {
                return refresh(request);
            }
            if (path.equals(prefix + "/auth/logout")) {
                return logout(request);
            }
            return detail(404, "Not Found");
        } catch (RuntimeException e) {
            // the log gets the exception (no code path puts a token in a message); the wire only a generic message
            LOG.error("unhandled failure on {} {}", request.method(), request.path(), e);
            return detail(500, "Internal Server Error");
        }
    }

    /** No Origin (non-browser client) passes; otherwise it must be Rotor's own origin or a configured one. */
    boolean originAllowed(Request request) {
        List<String> origins = request.header("Origin");
        if (origins.isEmpty()) {
            return true;
        }
        String origin = CrossOrigin.single(origins);
        if (origin == null) {
            return false;
        }
        if (crossOrigin.allowed(origins) != null) {
            return true;
        }
        List<String> hosts = request.header("Host");
        if (hosts.size() != 1 || hosts.get(0) == null || hosts.get(0).isBlank()) {
            return false;
        }
        String host = hosts.get(0).trim();
        // Rotor's own origin: the scheme the request came in on, or https behind a TLS-terminating proxy.
        return origin.equals(request.scheme() + "://" + host) || origin.equals("https://" + host);
    }

    private Reply login(Request request) {
        Map<String, List<String>> form = WatchrForm.parse(request);
        String username = WatchrForm.single(form, "username");
        String password = WatchrForm.single(form, "password");
        if (username == null || password == null) {
            ArrayNode detail = KirjaswappiDialect.JSON.createArrayNode();
            if (username == null) {
                missing(detail, "username");
            }
            if (password == null) {
                missing(detail, "password");
            }
            ObjectNode out = KirjaswappiDialect.JSON.createObjectNode();
            out.set("detail", detail);
            return new Reply(422, KirjaswappiDialect.jsonHeaders(false), out.toString());
        }
        Outcome<User> outcome = login.login(NAME, username, password.toCharArray());
        if (!outcome.isOk()) {
            return outcome.failure() == Failure.THROTTLED ? detail(429, "Too many login attempts")
                    : unauthorized("Incorrect username or password");
        }
        User user = outcome.value();
        StartedSession started = sessions.start(rules, StartRequest.forUser(user.id()));
        Reply reply = accessReply(user, started.session().id(), clock.instant());
        reply.headers().put("Set-Cookie", new ArrayList<>(List.of(cookie(started.refresh()))));
        return reply;
    }

    private Reply refresh(Request request) {
        Optional<byte[]> secret = WatchrForm.refreshCookie(request).flatMap(WatchrTokens::refreshSecret);
        if (secret.isEmpty()) {
            return unauthorized("Could not validate credentials");
        }
        Outcome<Refreshed> outcome = refresher.refresh(rules, secret.get());
        if (!outcome.isOk()) {
            return unauthorized("Could not validate credentials");
        }
        Refreshed refreshed = outcome.value();
        Reply reply = accessReply(refreshed.user(), refreshed.session().id(), clock.instant());
        if (refreshed.rotated()) {
            reply.headers().put("Set-Cookie", new ArrayList<>(List.of(cookie(refreshed.refresh()))));
        }
        return reply;
    }

    private Reply logout(Request request) {
        WatchrForm.refreshCookie(request).flatMap(WatchrTokens::refreshSecret)
                .ifPresent(secret -> sessions.revokeByRefreshSecret(secret, "logout"));
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
        headers.put("Set-Cookie", new ArrayList<>(List.of(cookieHeader("", 0))));
        return new Reply(204, headers, null);
    }

    private Reply accessReply(User user, String sessionId, Instant now) {
        ObjectNode out = KirjaswappiDialect.JSON.createObjectNode();
        out.put("access_token", tokens.access(user, sessionId, now, rules.lifetimes().accessTtl()));
        out.put("token_type", "bearer");
        return new Reply(200, KirjaswappiDialect.jsonHeaders(true), out.toString());
    }

    private String cookie(IssuedRefresh refresh) {
        long maxAge = Math.max(0, Duration.between(clock.instant(), refresh.expiresAt()).getSeconds());
        return cookieHeader(WatchrTokens.refresh(refresh), maxAge);
    }

    private String cookieHeader(String value, long maxAge) {
        return COOKIE + "=" + value + "; HttpOnly; SameSite=Strict; Path=" + prefix + "/auth; Max-Age=" + maxAge
                + (secureCookie ? "; Secure" : "");
    }

    private static void missing(ArrayNode detail, String field) {
        ObjectNode error = detail.addObject();
        error.put("type", "missing");
        error.putArray("loc").add("body").add(field);
        error.put("msg", "Field required");
        error.putNull("input");
    }

    private static Reply unauthorized(String message) {
        Reply reply = detail(401, message);
        reply.headers().put("WWW-Authenticate", new ArrayList<>(List.of("Bearer")));
        return reply;
    }

    static Reply detail(int status, String message) {
        ObjectNode out = KirjaswappiDialect.JSON.createObjectNode();
        out.put("detail", message);
        return new Reply(status, KirjaswappiDialect.jsonHeaders(false), out.toString());
    }
}

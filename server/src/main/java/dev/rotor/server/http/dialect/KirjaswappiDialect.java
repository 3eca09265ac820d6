package dev.rotor.server.http.dialect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
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
import dev.rotor.server.http.Dialect;
import dev.rotor.server.http.ErrorShape;
import dev.rotor.server.http.Routes;
import dev.rotor.server.http.Services;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The kirjaswappi wire dialect (DIALECTS.md {@code kirjaswappi}, seed 002): {@code POST /api/v1/authenticate} and
 * {@code POST /api/v1/authenticate/refresh}, errors in the nested {@code {"error":{code,message,target,details}}}
 * shape. Independent of the HTTP framework: it turns a {@link Request} into a {@link Reply}.
 */
public final class KirjaswappiDialect implements Dialect {

    private static final Logger LOG = LoggerFactory.getLogger(KirjaswappiDialect.class);

    public static final String NAME = "kirjaswappi";
    /** Bodies above this are refused before parsing (DIALECTS.md "Rules for every dialect"). */
    public static final int MAX_BODY = 64 * 1024;
    /** The one wording of a 413, whether the framework or the dialect refuses the body. */
    static final String TOO_LARGE = "Request body is too large";
    /** No rotation, access 5 minutes, refresh 7 days. */
    public static final DialectDefaults DEFAULTS = new DialectDefaults("never", Duration.ofMinutes(5), Duration.ofDays(7));

    /** One HS256 ring, {@code kirjaswappi}, signing both access and refresh JWTs. */
    public static List<KeyRingConfig> keyRings(Settings settings) {
        DialectSettings ds = settings.dialect(NAME, DEFAULTS);
        return List.of(Dialects.hs256Ring(NAME, ds, longest(ds.accessTtl(), ds.refreshTtl())));
    }

    static Duration longest(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    /**
     * A request as the dialect needs it; header names are matched case-insensitively. {@code scheme} is how it reached
     * Rotor ("http" or "https"), so that a dialect can tell its own origin.
     */
    public record Request(String method, String path, Map<String, List<String>> headers, byte[] body, String scheme) {

        public Request(String method, String path, Map<String, List<String>> headers, byte[] body) {
            this(method, path, headers, body, "https");
        }

        public List<String> header(String name) {
            List<String> all = new ArrayList<>();
            headers.forEach((k, v) -> {
                if (k != null && k.equalsIgnoreCase(name) && v != null) {
                    all.addAll(v);
                }
            });
            return all;
        }
    }

    /** The engine's refresh, plain ({@code RefreshService::refresh}) or metered ({@code MeteredRefresh::refresh}). */
    @FunctionalInterface
    public interface Refresher {
        Outcome<Refreshed> refresh(DialectRules rules, byte[] secret);
    }

    /** A response: status, headers (a header may repeat), body (null for none). */
    public record Reply(int status, Map<String, List<String>> headers, String body) {
    }

    /** Default rules: access 5 minutes, refresh 7 days, no rotation. */
    public static DialectRules defaultRules() {
        return new DialectRules(NAME, RotationPolicy.NEVER,
                Lifetimes.of(Duration.ofMinutes(5), Duration.ofDays(7), Duration.ofDays(7)), 16, 0);
    }

    private final KirjaswappiTokens tokens;
    private final DialectRules rules;
    private final LoginService login;
    private final SessionService sessions;
    private final Refresher refresher;
    private final Clock clock;
    private final String loginPath;
    private final String refreshPath;
    private final boolean enabled;
    private final String prefix;

    /** Built by the composition root from settings ({@code ROTOR_KIRJASWAPPI_*}) and the {@code kirjaswappi} key ring. */
    public KirjaswappiDialect(Services services) {
        this(services, services.settings().dialect(NAME, DEFAULTS));
    }

    private KirjaswappiDialect(Services services, DialectSettings ds) {
        this(new KirjaswappiTokens(services.keys().ring(NAME)),
                new DialectRules(NAME, ds.rotation(), Lifetimes.of(ds.accessTtl(), ds.refreshTtl(), ds.refreshTtl()), 16, 0),
                services.login(), services.sessions(), services.refresh()::refresh, services.clock(), ds.prefix(), ds.enabled());
    }

    /** An enabled dialect; {@code prefix} as {@link DialectSettings#prefix()} has it, "" or a validated "/path". */
    public KirjaswappiDialect(KirjaswappiTokens tokens, DialectRules rules, LoginService login, SessionService sessions,
                              Refresher refresher, Clock clock, String prefix) {
        this(tokens, rules, login, sessions, refresher, clock, prefix, true);
    }

    private KirjaswappiDialect(KirjaswappiTokens tokens, DialectRules rules, LoginService login, SessionService sessions,
                               Refresher refresher, Clock clock, String prefix, boolean enabled) {
        this.tokens = tokens;
        this.rules = rules;
        this.login = login;
        this.sessions = sessions;
        this.refresher = refresher;
        this.clock = clock;
        this.enabled = enabled;
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.loginPath = prefix + "/api/v1/authenticate";
        this.refreshPath = prefix + "/api/v1/authenticate/refresh";
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
        routes.post("/api/v1/authenticate", KirjaswappiHttp.handler(this::handle));
        routes.post("/api/v1/authenticate/refresh", KirjaswappiHttp.handler(this::handle));
    }

    @Override
    public ErrorShape errorShape() {
        return (ctx, status, message) -> KirjaswappiHttp.write(ctx, error(status,
                status == 413 ? "payloadTooLarge" : status >= 500 ? "internalServerError" : status == 404 ? "pathNotFound"
                        : status == 405 ? "methodNotAllowed" : "invalidRequest",
                status == 413 ? TOO_LARGE : message, ctx.path(), List.of()));
    }

    /** The paths this dialect answers (all POST). */
    public List<String> paths() {
        return List.of(loginPath, refreshPath);
    }

    /** Answers a request for one of {@link #paths()}; never throws. */
    public Reply handle(Request request) {
        try {
            if (request.path().equals(loginPath)) {
                return login(request);
            }
            if (request.path().equals(refreshPath)) {
                return refresh(request);
            }
            return error(404, "pathNotFound", "Path not found.", request.path(), List.of());
        } catch (RuntimeException e) {
            // the log gets the exception (no code path puts a token in a message); the wire only a generic message
            LOG.error("unhandled failure on {} {}", request.method(), request.path(), e);
            return error(500, "internalServerError", "Internal server error.", request.path(), List.of());
        }
    }

    private Reply login(Request request) {
        String target = request.path();
        ParsedBody body = parse(request);
        if (body.reply != null) {
            return body.reply;
        }
        List<String[]> problems = new ArrayList<>();
        String username = field(body.node, "username", problems);
        String password = field(body.node, "password", problems);
        if (!problems.isEmpty()) {
            return invalidArguments(target, problems);
        }
        Outcome<User> outcome = login.login(NAME, username, password.toCharArray());
        if (!outcome.isOk()) {
            return outcome.failure() == Failure.THROTTLED
                    ? error(429, "tooManyRequests", "Too many failed logins; try again later.", target, List.of())
                    : error(401, "invalidCredentials", "Invalid username or password.", target, List.of());
        }
        User user = outcome.value();
        StartedSession started = sessions.start(rules, StartRequest.forUser(user.id()));
        Instant now = clock.instant();
        ObjectNode out = JSON.createObjectNode();
        out.put("jwtToken", tokens.access(user, started.session().id(), now, rules.lifetimes().accessTtl()));
        out.put("refreshToken", tokens.refresh(user, started.refresh()));
        return tokenReply(out);
    }

    private Reply refresh(Request request) {
        String target = request.path();
        ParsedBody body = parse(request);
        if (body.reply != null) {
            return body.reply;
        }
        List<String[]> problems = new ArrayList<>();
        String token = field(body.node, "refreshToken", problems);
        if (!problems.isEmpty()) {
            return invalidArguments(target, problems);
        }
        Instant now = clock.instant();
        Optional<byte[]> secret = tokens.refreshSecret(token, now);
        if (secret.isEmpty()) {
            return invalidToken(target);
        }
        Outcome<Refreshed> outcome = refresher.refresh(rules, secret.get());
        if (!outcome.isOk()) {
            return outcome.failure() == Failure.USER_DELETED
                    ? error(404, "userNotFound", "User not found.", target, List.of())
                    : invalidToken(target);
        }
        Refreshed refreshed = outcome.value();
        ObjectNode out = JSON.createObjectNode();
        out.put("jwtToken", tokens.access(refreshed.user(), refreshed.session().id(), now, rules.lifetimes().accessTtl()));
        if (refreshed.rotated()) {
            out.put("refreshToken", tokens.refresh(refreshed.user(), refreshed.refresh()));
        }
        return tokenReply(out);
    }

    private record ParsedBody(JsonNode node, Reply reply) {
    }

    private ParsedBody parse(Request request) {
        byte[] body = request.body() == null ? new byte[0] : request.body();
        if (body.length > MAX_BODY) {
            return new ParsedBody(null, error(413, "payloadTooLarge", TOO_LARGE, request.path(), List.of()));
        }
        Optional<JsonNode> node = readObject(body);
        return node.map(n -> new ParsedBody(n, null)).orElseGet(() -> new ParsedBody(null,
                error(400, "invalidJsonPayload", "Request body contains invalid JSON", request.path(), List.of())));
    }

    /** A JSON object with no duplicate keys and nothing after it, or empty. */
    static Optional<JsonNode> readObject(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String field(JsonNode node, String name, List<String[]> problems) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            problems.add(new String[] {name, "must not be blank"});
            return null;
        }
        if (!value.isTextual()) {
            problems.add(new String[] {name, "must be a string"});
            return null;
        }
        if (value.textValue().isBlank()) {
            problems.add(new String[] {name, "must not be blank"});
            return null;
        }
        return value.textValue();
    }

    private static Reply invalidArguments(String target, List<String[]> problems) {
        List<String[]> details = new ArrayList<>();
        for (String[] p : problems) {
            details.add(new String[] {"invalidArgument", p[1], p[0]});
        }
        return error(400, "invalidArgument", "Invalid request arguments.", target, details);
    }

    private static Reply invalidToken(String target) {
        return error(401, "invalidRefreshToken", "Please provide a valid refresh token.", target, List.of());
    }

    static Reply error(int status, String code, String message, String target, List<String[]> details) {
        ObjectNode error = JSON.createObjectNode();
        error.put("code", code);
        error.put("message", message);
        error.put("target", target);
        ArrayNode list = error.putArray("details");
        for (String[] d : details) {
            list.addObject().put("code", d[0]).put("message", d[1]).put("target", d[2]);
        }
        ObjectNode root = JSON.createObjectNode();
        root.set("error", error);
        return new Reply(status, jsonHeaders(false), root.toString());
    }

    private static Reply tokenReply(ObjectNode body) {
        return new Reply(200, jsonHeaders(true), body.toString());
    }

    static Map<String, List<String>> jsonHeaders(boolean carriesToken) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", new ArrayList<>(List.of("application/json")));
        if (carriesToken) {
            headers.put("Cache-Control", new ArrayList<>(List.of("no-store")));
            headers.put("Pragma", new ArrayList<>(List.of("no-cache")));
        }
        return headers;
    }

}

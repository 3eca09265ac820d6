package dev.rotor.server.http.dialect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotor.core.Failure;
import dev.rotor.core.Outcome;
import dev.rotor.core.refresh.PresentedRefresh;
import dev.rotor.core.refresh.Refreshed;
import dev.rotor.core.session.DialectRules;
import dev.rotor.core.session.Lifetimes;
import dev.rotor.core.session.RefreshRecord;
import dev.rotor.core.session.StartRequest;
import dev.rotor.core.session.StartedSession;
import dev.rotor.core.store.User;
import dev.rotor.core.token.RefreshKey;
import dev.rotor.server.config.DialectDefaults;
import dev.rotor.server.config.DialectSettings;
import dev.rotor.server.config.Settings;
import dev.rotor.server.crypto.KeyRingConfig;
import dev.rotor.server.http.AsyncHandler;
import dev.rotor.server.http.Bodies;
import dev.rotor.server.http.Dialect;
import dev.rotor.server.http.ErrorShape;
import dev.rotor.server.http.Exchange;
import dev.rotor.server.http.Handler;
import dev.rotor.server.http.Responses;
import dev.rotor.server.http.Routes;
import dev.rotor.server.http.Services;
import dev.rotor.server.http.TokenIntrospector;
import dev.rotor.server.http.dialect.SimpleJwtTokens.Presented;
import dev.rotor.server.http.dialect.SimpleJwtTokens.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code simplejwt} dialect (DIALECTS.md, seed 001): djangorestframework-simplejwt's four token views, with
 * Django REST framework's request parsing and error bodies, HS256 tokens that a simplejwt resource server accepts
 * with the same key, and adoption of refresh tokens simplejwt itself signed for users Rotor knows.
 */
public final class SimpleJwtDialect implements Dialect {

    public static final String NAME = "simplejwt";
    /** simplejwt's defaults: access 5 minutes, refresh 1 day, ROTATE_REFRESH_TOKENS off. */
    public static final DialectDefaults DEFAULTS = new DialectDefaults("never", Duration.ofMinutes(5), Duration.ofDays(1));
    static final String NO_ACCOUNT_CREDENTIALS = "No active account found with the given credentials";
    static final String NO_ACCOUNT_TOKEN = "No active account found for the given token.";
    static final String TOKEN_NOT_VALID = "Token is invalid or expired";
    static final String AUTHENTICATE = "Bearer realm=\"api\"";
    static final List<String> PATHS = List.of("/api/token", "/api/token/refresh", "/api/token/verify",
            "/api/token/blacklist");
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);
    private static final List<String> OTHER_METHODS = List.of("GET", "PUT", "PATCH", "DELETE");

    private final Services services;
    private final DialectSettings settings;
    private final DialectRules rules;
    private final boolean detailed;
    private volatile SimpleJwtTokens tokens;

    public SimpleJwtDialect(Services services) {
        this.services = services;
        this.settings = services.settings().dialect(NAME, DEFAULTS);
        this.detailed = settings.flag("DETAILED_MESSAGES", false);
        // Sliding: a rotated refresh token gets a full lifetime, as simplejwt's set_exp() gives it.
        this.rules = new DialectRules(NAME, settings.rotation(), new Lifetimes(settings.accessTtl(),
                settings.refreshTtl(), settings.refreshTtl(), Duration.ZERO), SimpleJwtTokens.JTI_BYTES, 0);
    }

    /**
     * The key ring this dialect signs with (see {@link Dialects#keyRings}): HS256 and no {@code kid} in headers, as
     * simplejwt writes them; the configured {@code ROTOR_SIMPLEJWT_SIGNING_KEY} (Django's SIGNING_KEY) when given,
     * else a generated, stored key.
     */
    public static List<KeyRingConfig> keyRings(Settings settings) {
        DialectSettings d = settings.dialect(NAME, DEFAULTS);
        return List.of(Dialects.hs256Ring(NAME, d, d.refreshTtl()));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean enabled() {
        return settings.enabled();
    }

    @Override
    public String prefix() {
        return settings.prefix();
    }

    public DialectRules rules() {
        return rules;
    }

    /** The key ring is looked up lazily: the composition root may build rings after the dialects. */
    private SimpleJwtTokens tokens() {
        SimpleJwtTokens t = tokens;
        if (t == null) {
            t = new SimpleJwtTokens(services.keys().ring(NAME), settings.issuer(), null);
            tokens = t;
        }
        return t;
    }

    @Override
    public void routes(Routes routes) {
        route(routes, "/api/token", this::obtain);
        routeAsync(routes, "/api/token/refresh", this::refresh);
        route(routes, "/api/token/verify", this::verify);
        route(routes, "/api/token/blacklist", this::blacklist);
    }

    /** Each path with and without its trailing slash; other methods get DRF's 405. */
    private void route(Routes routes, String path, Handler handler) {
        routeAsync(routes, path, ctx -> ctx.blocking(handler));
    }

    private void routeAsync(Routes routes, String path, AsyncHandler handler) {
        for (String p : List.of(path + "/", path)) {
            routes.postAsync(p, handler);
            for (String method : OTHER_METHODS) {
                routes.add(method, p, SimpleJwtDialect::methodNotAllowed);
            }
        }
    }

    @Override
    public ErrorShape errorShape() {
        return (ctx, status, message) -> {
            if (status == 405) {
                methodNotAllowed(ctx);
            } else {
                detail(ctx, status, status >= 500 ? "A server error occurred." : status == 404 ? "Not found." : message);
            }
        };
    }

    @Override
    public List<TokenIntrospector> introspectors() {
        return List.of(new SimpleJwtIntrospector(this::tokens, services.stores().tokens(), services.clock()));
    }

    private void obtain(Exchange ctx) {
        SimpleJwtRequest.Parsed body = read(ctx, "username", "password");
        if (body == null) {
            return;
        }
        Outcome<User> login = services.login().login(NAME, body.get("username"), body.get("password").toCharArray());
        if (!login.isOk()) {
            if (login.failure() == Failure.THROTTLED) {
                detail(ctx, 429, "Request was throttled.");
            } else {
                unauthorized(ctx, SimpleJwtRequest.detail(NO_ACCOUNT_CREDENTIALS));
            }
            return;
        }
        String userId = login.value().id();
        StartedSession started = services.sessions().start(rules, StartRequest.forUser(userId));
        ObjectNode answer = Responses.object()
                .put("refresh", tokens().refreshToken(started.refresh(), userId))
                .put("access", tokens().accessTokenFor(userId, started.refresh().issuedAt(), settings.accessTtl()));
        Responses.token(ctx, 200, answer);
    }

    /**
     * The refresh, holding no thread while its unit commits: the token is parsed and checked here on the event loop,
     * the look-up, the claims' check and the refresh run as one unit of the store (RefreshService#asOneUnit), and the
     * answer is written on the event loop once that is durable.
     */
    private CompletionStage<Void> refresh(Exchange ctx) {
        SimpleJwtRequest.Parsed body = read(ctx, "refresh");
        if (body == null) {
            return DONE;
        }
        Instant now = services.clock().instant();
        SimpleJwtTokens.Parsed parsed = tokens().parse(body.get("refresh"), SimpleJwtTokens.REFRESH, now);
        if (!parsed.ok() || parsed.token().secret() == null || parsed.token().userId() == null) {
            services.refresh().countMalformed(NAME);
            tokenInvalid(ctx, parsed.ok() ? Problem.INVALID : parsed.problem());
            return DONE;
        }
        Presented token = parsed.token();
        return services.refresh().asOneUnit(() -> refreshUnit(token, now), ctx.loop())
                .thenAccept(checked -> {
                    if (checked.isEmpty()) {
                        tokenInvalid(ctx, Problem.INVALID);
                        return;
                    }
                    Outcome<Refreshed> outcome = checked.get();
                    if (!outcome.isOk()) {
                        refused(ctx, outcome.failure());
                        return;
                    }
                    Refreshed refreshed = outcome.value();
                    ObjectNode answer = Responses.object()
                            .put("access", tokens().accessTokenFrom(token.claims(), now, settings.accessTtl()));
                    if (refreshed.rotated()) {
                        answer.put("refresh", tokens().refreshToken(refreshed.refresh(), refreshed.user().id()));
                    }
                    Responses.token(ctx, 200, answer);
                });
    }

    /**
     * A refresh's unit of the store: {@link #checkedRefresh}, with a refusal for an account that is gone worded as
     * such (simplejwt's "No active account found for the given token.", see {@link #accountGone}).
     */
    private Optional<Outcome<Refreshed>> refreshUnit(Presented token, Instant now) {
        return checkedRefresh(token, now).map(outcome -> outcome.isOk() || !accountGone(token)
                ? outcome : Outcome.refused(Failure.USER_DISABLED));
    }

    /** The refresh of a well-formed token; empty when its user_id claim is not its session's user. */
    private Optional<Outcome<Refreshed>> checkedRefresh(Presented token, Instant now) {
        Optional<PresentedRefresh> presented = services.refresh().lookUp(rules, token.secret());
        // A known token's user_id must be its session's user: the claims are copied into the new access token, so a
        // mismatch would mint an access token for someone else (found by the hardening corpus).
        if (presented.isPresent()) {
            if (!presented.get().session().userId().equals(token.userId())) {
                services.refresh().countMalformed(NAME);
                return Optional.empty();
            }
            return Optional.of(services.refresh().refresh(rules, presented.get()));
        }
        services.refresh().countMalformed(NAME);
        if (known(token)) {
            return Optional.of(Outcome.refused(Failure.INVALID)); // another dialect's token: unknown here
        }
        // A refresh token simplejwt signed with our key (DIALECTS.md interoperability): adopt it, then refresh.
        Failure adoption = adopt(token, now);
        return Optional.of(adoption == null ? services.refresh().refresh(rules, token.secret())
                : Outcome.refused(adoption));
    }

    private void verify(Exchange ctx) {
        SimpleJwtRequest.Parsed body = read(ctx, "token");
        if (body == null) {
            return;
        }
        SimpleJwtTokens.Parsed parsed = tokens().parse(body.get("token"), null, services.clock().instant());
        if (!parsed.ok()) {
            tokenInvalid(ctx, parsed.problem());
            return;
        }
        if (SimpleJwtTokens.REFRESH.equals(parsed.token().tokenType()) && blacklisted(parsed.token())) {
            tokenInvalid(ctx, Problem.BLACKLISTED);
            return;
        }
        Responses.json(ctx, 200, Responses.object());
    }

    private void blacklist(Exchange ctx) {
        SimpleJwtRequest.Parsed body = read(ctx, "refresh");
        if (body == null) {
            return;
        }
        Instant now = services.clock().instant();
        SimpleJwtTokens.Parsed parsed = tokens().parse(body.get("refresh"), SimpleJwtTokens.REFRESH, now);
        if (!parsed.ok()) {
            tokenInvalid(ctx, parsed.problem());
            return;
        }
        Presented token = parsed.token();
        if (token.secret() != null) {
            if (blacklisted(token)) {
                tokenInvalid(ctx, Problem.BLACKLISTED);
                return;
            }
            Optional<RefreshRecord> record = RefreshKey.find(token.secret(), services.stores().tokens()::findRefresh);
            if (record.isPresent() && !ownSession(record.get())) {
                tokenInvalid(ctx, Problem.INVALID);
                return;
            }
            if (record.isPresent() || (token.userId() != null && adopt(token, now) == null)) {
                services.sessions().revokeByRefreshSecret(token.secret(), "blacklist");
            }
        }
        // A token that is not Rotor's and cannot be adopted can never refresh here: blacklisting it changes nothing.
        Responses.json(ctx, 200, Responses.object());
    }

    /** True when the token is Rotor's and was rotated away or its session ended (simplejwt: "blacklisted"). */
    private boolean blacklisted(Presented token) {
        if (token.secret() == null) {
            return false;
        }
        return RefreshKey.find(token.secret(), services.stores().tokens()::findRefresh)
                .map(r -> !r.isCurrent() || services.stores().tokens().findSession(r.sessionId())
                        .map(s -> s.revoked()).orElse(true))
                .orElse(false);
    }

    /**
     * True when the token's user is disabled or deleted: disabling a user ends their sessions (CORE.md), and simplejwt
     * words that case "No active account found for the given token." rather than as a bad token.
     */
    private boolean accountGone(Presented token) {
        return services.stores().users().findById(token.userId()).map(u -> !u.active()).orElse(true);
    }

    private boolean ownSession(RefreshRecord record) {
        return services.stores().tokens().findSession(record.sessionId())
                .map(s -> s.dialect().equals(NAME)).orElse(false);
    }

    private boolean known(Presented token) {
        return RefreshKey.find(token.secret(), services.stores().tokens()::findRefresh).isPresent();
    }

    /** Adopts a foreign refresh token: null on success, else why not. */
    private Failure adopt(Presented token, Instant now) {
        Optional<User> user = services.stores().users().findById(token.userId());
        if (user.isEmpty()) {
            return Failure.USER_DELETED;
        }
        if (!user.get().active()) {
            return Failure.USER_DISABLED;
        }
        services.sessions().adopt(rules, user.get().id(), token.secret(),
                token.issuedAt() == null || token.issuedAt().isAfter(now) ? now : token.issuedAt(),
                token.expiresAt());
        return null;
    }

    private void refused(Exchange ctx, Failure failure) {
        switch (failure) {
            case USER_DISABLED, USER_DELETED -> unauthorized(ctx, SimpleJwtRequest.detail(NO_ACCOUNT_TOKEN));
            case EXPIRED -> tokenInvalid(ctx, Problem.EXPIRED);
            case REVOKED, REUSED -> tokenInvalid(ctx, Problem.BLACKLISTED);
            default -> tokenInvalid(ctx, Problem.INVALID);
        }
    }

    /** The request's fields, or null after writing DRF's 400/415 answer. */
    private SimpleJwtRequest.Parsed read(Exchange ctx, String... fields) {
        SimpleJwtRequest.Parsed parsed = SimpleJwtRequest.parse(ctx.header("Content-Type"), ctx.body(),
                List.of(fields));
        if (!parsed.ok()) {
            Responses.json(ctx, parsed.status(), parsed.error());
            return null;
        }
        return parsed;
    }

    /** simplejwt's InvalidToken: 401 {"detail", "code":"token_not_valid"}. */
    private void tokenInvalid(Exchange ctx, Problem problem) {
        ObjectNode body = SimpleJwtRequest.detail(detailed ? problem.detail : TOKEN_NOT_VALID);
        body.put("code", "token_not_valid");
        unauthorized(ctx, body);
    }

    private static void unauthorized(Exchange ctx, ObjectNode body) {
        ctx.header("WWW-Authenticate", AUTHENTICATE);
        Responses.json(ctx, 401, body);
    }

    private static void methodNotAllowed(Exchange ctx) {
        ctx.header("Allow", "POST, OPTIONS");
        detail(ctx, 405, "Method \"" + ctx.method() + "\" not allowed.");
    }

    private static void detail(Exchange ctx, int status, String message) {
        Responses.json(ctx, status, SimpleJwtRequest.detail(message));
    }
}

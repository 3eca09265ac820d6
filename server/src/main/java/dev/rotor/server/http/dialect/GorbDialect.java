package dev.rotor.server.http.dialect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotor.core.Failure;
import dev.rotor.core.Outcome;
import dev.rotor.core.refresh.Refreshed;
import dev.rotor.core.session.DialectRules;
import dev.rotor.core.session.Lifetimes;
import dev.rotor.core.session.Session;
import dev.rotor.core.session.StartRequest;
import dev.rotor.core.session.StartedSession;
import dev.rotor.core.store.DuplicateException;
import dev.rotor.core.store.User;
import dev.rotor.core.token.IssuedAccess;
import dev.rotor.core.token.IssuedRefresh;
import dev.rotor.server.config.DialectDefaults;
import dev.rotor.server.config.DialectSettings;
import dev.rotor.server.http.Bodies;
import dev.rotor.server.http.Dialect;
import dev.rotor.server.http.ErrorShape;
import dev.rotor.server.http.Exchange;
import dev.rotor.server.http.Responses;
import dev.rotor.server.http.Routes;
import dev.rotor.server.http.Services;
import dev.rotor.server.http.TokenIntrospector;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code gorb} dialect (DIALECTS.md, seed 000): opaque hex tokens, the 23-day rotation rule with a 30-day sliding
 * refresh lifetime, one-hour access tokens that resource servers check through OAuth 2.0 introspection, and errors
 * {@code {"error": "..."}}: 400 for a bad body, 403 for bad credentials or tokens, 500 "Something went wrong!".
 */
public final class GorbDialect implements Dialect {

    public static final String NAME = "gorb";
    /** Seed 000: the same refresh token while at most 23 days old; refresh 30 days; access 1 hour. */
    public static final DialectDefaults DEFAULTS =
            new DialectDefaults("after:P23D", Duration.ofHours(1), Duration.ofDays(30));
    static final String SERVER_FAULT = "Something went wrong!";
    static final String BAD_CREDENTIALS = "Invalid credentials";
    static final String BAD_TOKEN = "Invalid or expired token";
    static final String THROTTLED = "Too many attempts, try again later";
    static final String TAKEN = "Username or email already taken";

    private final Services services;
    private final DialectSettings settings;
    private final DialectRules rules;

    public GorbDialect(Services services) {
        this.services = services;
        this.settings = services.settings().dialect(NAME, DEFAULTS);
        // Sliding window (absolute lifetime zero): each rotated token lives a full refresh lifetime (seed 000).
        this.rules = new DialectRules(NAME, settings.rotation(), new Lifetimes(settings.accessTtl(),
                settings.refreshTtl(), settings.refreshTtl(), Duration.ZERO), GorbTokens.REFRESH_BYTES,
                GorbTokens.ACCESS_BYTES);
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

    @Override
    public void routes(Routes routes) {
        routes.post("/v1/auth/login", this::login);
        routes.post("/v1/auth/refresh", this::refresh);
        routes.post("/v1/auth/revoke", this::revoke);
        if (settings.flag("REGISTRATION", false)) {
            routes.post("/v1/auth/register", this::register);
        }
    }

    @Override
    public ErrorShape errorShape() {
        return (ctx, status, message) -> error(ctx, status, status >= 500 ? SERVER_FAULT : message);
    }

    /** Gorb access tokens (and refresh tokens) for OAuth 2.0 introspection and revocation. */
    @Override
    public List<TokenIntrospector> introspectors() {
        return List.of(new GorbIntrospector(services.stores().tokens()));
    }

    private void login(Exchange ctx) {
        GorbRequest.Parsed body = GorbRequest.parse(ctx.body(), List.of("username", "password", "device_name"));
        if (body.error() != null) {
            error(ctx, 400, body.error());
            return;
        }
        Outcome<User> user = services.login().login(NAME, body.get("username"), body.get("password").toCharArray());
        if (!user.isOk()) {
            loginRefused(ctx, user.failure());
            return;
        }
        started(ctx, user.value(), body.get("device_name"));
    }

    private void register(Exchange ctx) {
        GorbRequest.Parsed body = GorbRequest.parse(ctx.body(),
                List.of("identifier", "email", "password", "device_name"));
        if (body.error() != null) {
            error(ctx, 400, body.error());
            return;
        }
        String identifier = body.get("identifier").strip();
        String email = body.get("email").strip();
        String password = body.get("password");
        if (identifier.isEmpty() || email.isEmpty() || !email.contains("@") || password.isEmpty()) {
            error(ctx, 400, "identifier, email and password must not be empty");
            return;
        }
        Instant now = services.clock().instant();
        User user = new User(UUID.randomUUID().toString(), identifier, email, null, null, null, true,
                services.passwords().hash(password.toCharArray()), now, now);
        try {
            services.stores().users().add(user);
        } catch (DuplicateException e) {
            error(ctx, 409, TAKEN);
            return;
        }
        started(ctx, user, body.get("device_name"));
    }

    private void started(Exchange ctx, User user, String deviceName) {
        StartedSession started = services.sessions().start(rules,
                new StartRequest(user.id(), null, deviceName, null));
        tokens(ctx, started.access(), started.refresh());
    }

    private void refresh(Exchange ctx) {
        GorbRequest.Parsed body = GorbRequest.parse(ctx.body(), List.of("refresh_token"));
        if (body.error() != null) {
            error(ctx, 400, body.error());
            return;
        }
        byte[] secret = GorbTokens.refreshSecret(body.get("refresh_token"));
        if (secret == null) {
            services.refresh().countMalformed(NAME);
            error(ctx, 403, BAD_TOKEN);
            return;
        }
        Outcome<Refreshed> outcome = services.refresh().refresh(rules, secret);
        if (!outcome.isOk()) {
            error(ctx, 403, BAD_TOKEN);
            return;
        }
        tokens(ctx, outcome.value().access(), outcome.value().refresh());
    }

    /** Ends the sessions of one device, after checking an access token of the user and their password. */
    private void revoke(Exchange ctx) {
        GorbRequest.Parsed body = GorbRequest.parse(ctx.body(),
                List.of("access_token", "password", "device_name"));
        if (body.error() != null) {
            error(ctx, 400, body.error());
            return;
        }
        Optional<Session> session = GorbIntrospector.activeAccess(services.stores().tokens(),
                body.get("access_token"), services.clock().instant());
        Optional<User> owner = session.flatMap(s -> services.stores().users().findById(s.userId()));
        if (owner.isEmpty()) {
            error(ctx, 403, BAD_TOKEN);
            return;
        }
        Outcome<User> checked = services.login().login(NAME, owner.get().username(),
                body.get("password").toCharArray());
        if (!checked.isOk() || !checked.value().id().equals(owner.get().id())) {
            loginRefused(ctx, checked.isOk() ? Failure.BAD_CREDENTIALS : checked.failure());
            return;
        }
        String device = body.get("device_name");
        for (Session s : services.sessions().sessionsOf(owner.get().id())) {
            if (s.dialect().equals(NAME) && !s.revoked() && Objects.equals(s.deviceName(), device)) {
                services.sessions().revoke(s.id(), "logout");
            }
        }
        ObjectNode answer = Responses.object().put("deleted", true);
        Responses.json(ctx, 200, answer);
    }

    private static void loginRefused(Exchange ctx, Failure failure) {
        if (failure == Failure.THROTTLED) {
            error(ctx, 429, THROTTLED);
        } else {
            error(ctx, 403, BAD_CREDENTIALS);
        }
    }

    private static void tokens(Exchange ctx, IssuedAccess access, IssuedRefresh refresh) {
        ObjectNode answer = Responses.object()
                .put("access_token", GorbTokens.encode(access.secret()))
                .put("refresh_token", GorbTokens.encode(refresh.secret()));
        Responses.token(ctx, 200, answer);
    }

    static void error(Exchange ctx, int status, String message) {
        Responses.json(ctx, status, Responses.object().put("error", message));
    }
}

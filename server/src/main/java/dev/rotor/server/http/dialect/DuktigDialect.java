package dev.rotor.server.http.dialect;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.rotor.server.http.dialect.KirjaswappiDialect.Refresher;
import dev.rotor.server.http.dialect.KirjaswappiDialect.Reply;
import dev.rotor.server.http.dialect.KirjaswappiDialect.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The duktig wire dialect (DIALECTS.md {@code duktig}, seed 003): {@code POST /auth/token} (JSON e-mail and password,
 * {@code X-Auth-Key} when configured) and {@code POST /auth/refresh_token} ({@code Refresh-Token} header, body
 * ignored). {@code expires_in} is the access token's absolute expiry in Unix seconds, as the seed says.
 */
public final class DuktigDialect implements Dialect {

    private static final Logger LOG = LoggerFactory.getLogger(DuktigDialect.class);

    public static final String NAME = "duktig";
    private static final DateTimeFormatter LAST_LOGIN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    static final String INACTIVE = "Due to the status of your account, you are not able to access this resource";
    private static final String REQUIRED = "Required value";
    private static final String EMAIL = "Required valid email address";
    private static final String PASSWORD = "Required not weak Password Strength between 6 - 256 chars";

    /** Default rules: access 1 day, refresh 1 month (30 days), no rotation. */
    public static DialectRules defaultRules() {
        return new DialectRules(NAME, RotationPolicy.NEVER,
                Lifetimes.of(Duration.ofDays(1), Duration.ofDays(30), Duration.ofDays(30)), 16, 0);
    }

    /** No rotation, access 1 day, refresh 1 month. */
    public static final DialectDefaults DEFAULTS = new DialectDefaults("never", Duration.ofDays(1), Duration.ofDays(30));

    /**
     * Two HS256 rings: {@code duktig} signs access tokens (with {@code ROTOR_DUKTIG_SIGNING_KEY} when set, so the
     * original's resource servers accept them), {@code duktig-refresh} refresh tokens with a generated key of its own:
     * refresh tokens use another key than access tokens (DIALECTS.md), and only Rotor ever verifies them.
     */
    public static List<KeyRingConfig> keyRings(Settings settings) {
        DialectSettings ds = settings.dialect(NAME, DEFAULTS);
        DialectSettings ownKey = new DialectSettings(ds.name(), ds.enabled(), ds.prefix(), ds.rotation(), ds.accessTtl(),
                ds.refreshTtl(), null, ds.issuer(), ds::extra);
        return List.of(Dialects.hs256Ring(NAME, ds, ds.accessTtl()), Dialects.hs256Ring(NAME + "-refresh", ownKey, ds.refreshTtl()));
    }

    private final DuktigTokens tokens;
    private final DialectRules rules;
    private final LoginService login;
    private final SessionService sessions;
    private final Refresher refresher;
    private final Clock clock;
    private final byte[] authKey;
    private final String loginPath;
    private final String refreshPath;
    private final boolean enabled;
    private final String prefix;

    /**
     * Built by the composition root: rings {@code duktig} (access) and {@code duktig-refresh} (refresh), audiences
     * {@code duktig-access} / {@code duktig-refresh}, issuer {@code ROTOR_DUKTIG_ISSUER} (default {@code rotor-duktig}).
     */
    public static DuktigDialect from(Services services) {
        DialectSettings ds = services.settings().dialect(NAME, DEFAULTS);
        DuktigTokens tokens = new DuktigTokens(services.keys().ring(NAME), services.keys().ring(NAME + "-refresh"),
                ds.issuerOpt().orElse("rotor-duktig"), "duktig-access", "duktig-refresh");
        DialectRules rules = new DialectRules(NAME, ds.rotation(),
                Lifetimes.of(ds.accessTtl(), ds.refreshTtl(), ds.refreshTtl()), 16, 0);
        return new DuktigDialect(tokens, rules, services.login(), services.sessions(), services.refresh()::refresh,
                services.clock(), ds.prefix(), ds.extra("AUTH_KEY").orElse(null), ds.enabled());
    }

    /**
     * An enabled dialect; {@code prefix} as {@link DialectSettings#prefix()} has it, "" or a validated "/path";
     * {@code authKey} null or empty: no {@code X-Auth-Key} is asked for.
     */
    public DuktigDialect(DuktigTokens tokens, DialectRules rules, LoginService login, SessionService sessions,
                         Refresher refresher, Clock clock, String prefix, String authKey) {
        this(tokens, rules, login, sessions, refresher, clock, prefix, authKey, true);
    }

    private DuktigDialect(DuktigTokens tokens, DialectRules rules, LoginService login, SessionService sessions,
                          Refresher refresher, Clock clock, String prefix, String authKey, boolean enabled) {
        this.tokens = tokens;
        this.rules = rules;
        this.login = login;
        this.sessions = sessions;
        this.refresher = refresher;
        this.clock = clock;
        this.authKey = authKey == null || authKey.isEmpty() ? null : authKey.getBytes(StandardCharsets.UTF_8);
        this.enabled = enabled;
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.loginPath = this.prefix + "/auth/token";
        this.refreshPath = this.prefix + "/auth/refresh_token";
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
        routes.post("/auth/token", KirjaswappiHttp.handler(this::handle));
        routes.post("/auth/refresh_token", KirjaswappiHttp.handler(this::handle));
    }

    @Override
    public ErrorShape errorShape() {
        return (ctx, status, message) -> KirjaswappiHttp.write(ctx, error(status, message));
    }

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
            return error(404, "Not found");
        } catch (RuntimeException e) {
            // the log gets the exception (no code path puts a token in a message); the wire only a generic message
            LOG.error("unhandled failure on {} {}", request.method(), request.path(), e);
            return error(500, "Internal server error");
        }
    }

    private Reply login(Request request) {
        if (request.body() != null && request.body().length > KirjaswappiDialect.MAX_BODY) {
            return error(413, "Request body is too large");
        }
        if (authKey != null && !authKeyMatches(request.header("X-Auth-Key"))) {
            return error(401, "Unauthorized");
        }
        JsonNode body = KirjaswappiDialect.readObject(request.body() == null ? new byte[0] : request.body())
                .orElse(KirjaswappiDialect.JSON.createObjectNode());
        Map<String, List<String>> problems = new LinkedHashMap<>();
        String email = text(body, "email");
        String password = text(body, "password");
        if (email == null) {
            problems.put("email", List.of(REQUIRED, EMAIL));
        } else if (!email.matches("[^@\\s]{1,64}@[^@\\s]{1,255}\\.[^@\\s.]{1,63}") || email.length() > 320) {
            problems.put("email", List.of(EMAIL));
        }
        if (password == null) {
            problems.put("password", List.of(REQUIRED, PASSWORD));
        } else if (password.length() < 6 || password.length() > 256) {
            problems.put("password", List.of(PASSWORD));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("email") && !name.equals("password")) {
                problems.put("account", List.of("Required exact values as: email, password"));
                break;
            }
        }
        if (!problems.isEmpty()) {
            ObjectNode out = KirjaswappiDialect.JSON.createObjectNode();
            problems.forEach((field, messages) -> messages.forEach(m -> out.withArray(field).add(m)));
            return new Reply(422, KirjaswappiDialect.jsonHeaders(false), out.toString());
        }
        Outcome<User> outcome = login.login(NAME, email, password.toCharArray());
        if (!outcome.isOk()) {
            return switch (outcome.failure()) {
                case USER_DISABLED -> error(403, INACTIVE);
                case THROTTLED -> error(429, "Too many requests");
                default -> error(401, "Incorrect credentials");
            };
        }
        User user = outcome.value();
        StartedSession started = sessions.start(rules, StartRequest.forUser(user.id()));
        Instant now = clock.instant();
        ObjectNode out = KirjaswappiDialect.JSON.createObjectNode();
        out.put("status", "OK");
        out.put("message", "Signed in successfully");
        Instant lastLogin = user.lastLoginAt() == null ? now : user.lastLoginAt();
        out.put("lastLogin", LAST_LOGIN.format(lastLogin));
        out.put("access_token", tokens.access(user, started.session().id(), now, rules.lifetimes().accessTtl()));
        out.put("expires_in", DuktigTokens.unixSeconds(now.plus(rules.lifetimes().accessTtl())));
        out.put("refresh_token", tokens.refresh(user, started.refresh()));
        return new Reply(200, KirjaswappiDialect.jsonHeaders(true), out.toString());
    }

    private Reply refresh(Request request) {
        List<String> header = request.header("Refresh-Token");
        if (header.isEmpty() || header.get(0) == null || header.get(0).isBlank()) {
            return error(401, "Unauthorized");
        }
        if (header.size() > 1) {
            return error(401, "Invalid token");
        }
        Instant now = clock.instant();
        Optional<byte[]> secret = tokens.refreshSecret(header.get(0).trim(), now);
        if (secret.isEmpty()) {
            return error(401, "Invalid token");
        }
        Outcome<Refreshed> outcome = refresher.refresh(rules, secret.get());
        if (!outcome.isOk()) {
            return outcome.failure() == Failure.USER_DISABLED ? error(403, INACTIVE) : error(401, "Invalid token");
        }
        Refreshed refreshed = outcome.value();
        ObjectNode out = KirjaswappiDialect.JSON.createObjectNode();
        out.put("status", "OK");
        out.put("message", "Access token regenerated successfully");
        out.put("access_token", tokens.access(refreshed.user(), refreshed.session().id(), now, rules.lifetimes().accessTtl()));
        out.put("expires_in", DuktigTokens.unixSeconds(now.plus(rules.lifetimes().accessTtl())));
        if (refreshed.rotated()) {
            out.put("refresh_token", tokens.refresh(refreshed.user(), refreshed.refresh()));
        }
        return new Reply(200, KirjaswappiDialect.jsonHeaders(true), out.toString());
    }

    private boolean authKeyMatches(List<String> values) {
        if (values.size() != 1 || values.get(0) == null) {
            return false;
        }
        return MessageDigest.isEqual(authKey, values.get(0).getBytes(StandardCharsets.UTF_8));
    }

    private static String text(JsonNode body, String name) {
        JsonNode value = body.get(name);
        return value != null && value.isTextual() && !value.textValue().isEmpty() ? value.textValue() : null;
    }

    static Reply error(int status, String message) {
        ObjectNode out = KirjaswappiDialect.JSON.createObjectNode();
        out.put("status", "error");
        out.put("message", message);
        return new Reply(status, KirjaswappiDialect.jsonHeaders(false), out.toString());
    }

    static List<String> list(String... values) {
        return new ArrayList<>(List.of(values));
    }
}

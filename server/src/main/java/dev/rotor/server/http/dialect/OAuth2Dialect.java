package dev.rotor.server.http.dialect;

import com.nimbusds.jose.JWSAlgorithm;
import dev.rotor.core.session.DialectRules;
import dev.rotor.core.session.Lifetimes;
import dev.rotor.core.session.RotationPolicy;
import dev.rotor.server.config.DialectDefaults;
import dev.rotor.server.config.DialectSettings;
import dev.rotor.server.config.Settings;
import dev.rotor.server.config.SettingsException;
import dev.rotor.server.crypto.KeyRingConfig;
import dev.rotor.server.http.AsyncHandler;
import dev.rotor.server.http.BadBody;
import dev.rotor.server.http.CrossOrigin;
import dev.rotor.server.http.Bodies;
import dev.rotor.server.http.Dialect;
import dev.rotor.server.http.ErrorShape;
import dev.rotor.server.http.Exchange;
import dev.rotor.server.http.FormBody;
import dev.rotor.server.http.Responses;
import dev.rotor.server.http.Routes;
import dev.rotor.server.http.Services;
import dev.rotor.server.http.TokenIntrospector;
import dev.rotor.server.http.dialect.oauth2.AccessTokens;
import dev.rotor.server.http.dialect.oauth2.ClientAuthenticator;
import dev.rotor.server.http.dialect.oauth2.IntrospectionEndpoint;
import dev.rotor.server.http.dialect.oauth2.OAuth2Error;
import dev.rotor.server.http.dialect.oauth2.OAuth2Wire;
import dev.rotor.server.http.dialect.oauth2.TokenEndpoint;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The {@code oauth2} dialect (DIALECTS.md): RFC 6749 token endpoint with refresh_token, client_credentials and
 * (opt-in) password grants, RFC 7009 revocation, RFC 7662 introspection for every dialect's tokens, RFC 8414
 * metadata and the JWKS. Refresh tokens are opaque ({@code rt_…}), access tokens RFC 9068 JWTs; rotation is always on.
 */
public final class OAuth2Dialect implements Dialect {

    public static final String NAME = "oauth2";
    /** Access 5 minutes, refresh 14 days (sliding idle window), sessions at most 90 days. */
    public static final DialectDefaults DEFAULTS = new DialectDefaults("always", Duration.ofMinutes(5), Duration.ofDays(14));
    static final Duration ABSOLUTE_LIFETIME = Duration.ofDays(90);
    static final Set<String> ALGORITHMS = Set.of("EdDSA", "ES256", "RS256");

    private final Services services;
    private final DialectSettings settings;
    private final String issuer;
    private final AccessTokens access;
    private final ClientAuthenticator clients;
    private final DialectRules rules;
    private final OAuth2Wire wire;
    private final CrossOrigin crossOrigin;

    /** The one key ring this dialect signs with: asymmetric, so resource servers can verify through the JWKS. */
    public static List<KeyRingConfig> keyRings(Settings settings) {
        DialectSettings own = settings.dialect(NAME, DEFAULTS);
        String alg = own.extra("ALG").orElse("EdDSA");
        if (!ALGORITHMS.contains(alg)) {
            throw new SettingsException("ROTOR_OAUTH2_ALG must be EdDSA, ES256 or RS256, got " + alg);
        }
        return List.of(KeyRingConfig.generated(NAME, JWSAlgorithm.parse(alg), true, own.accessTtl()));
    }

    public OAuth2Dialect(Services services) {
        this.services = services;
        this.settings = services.settings().dialect(NAME, DEFAULTS);
        if (!(settings.rotation() instanceof RotationPolicy.Always)) {
            throw new SettingsException("ROTOR_OAUTH2_ROTATION must be always: OAuth 2.0 refresh tokens always rotate");
        }
        this.issuer = settings.issuerOpt().orElseGet(() -> defaultIssuer(services.settings()));
        Duration absolute = settings.refreshTtl().compareTo(ABSOLUTE_LIFETIME) > 0 ? settings.refreshTtl() : ABSOLUTE_LIFETIME;
        this.rules = new DialectRules(NAME, RotationPolicy.ALWAYS,
                Lifetimes.of(settings.accessTtl(), settings.refreshTtl(), absolute), 32, 0);
        this.access = new AccessTokens(services.keys().ring(NAME), issuer, settings.accessTtl());
        this.clients = new ClientAuthenticator(services.stores().clients(), services.passwords());
        this.wire = new OAuth2Wire(issuer, settings.prefix(), settings.flag("PASSWORD_GRANT", false));
        this.crossOrigin = CrossOrigin.fromSetting("ROTOR_OAUTH2_ALLOWED_ORIGINS", settings.extra("ALLOWED_ORIGINS"), false);
    }

    /**
     * {@code http://host:port} of a server that listens on one address. An address that means "every address" is no
     * URL a client can use, yet the issuer is what every access token's {@code iss} and the metadata's URLs say, and
     * it must be the URL clients use (RFC 8414 §2, §3.3): start-up stops and asks for the setting instead.
     */
    private String defaultIssuer(Settings server) {
        if (settings.enabled() && listensEverywhere(server.host())) {
            throw new SettingsException("ROTOR_OAUTH2_ISSUER must be set when ROTOR_HOST is " + server.host()
                    + ": it is the URL clients reach Rotor at, e.g. https://auth.example.com, and every access token "
                    + "carries it");
        }
        return "http://" + Settings.authority(server.host(), server.port());
    }

    private static boolean listensEverywhere(String host) {
        String literal = host.replace("[", "").replace("]", "");
        if (!literal.matches("[0-9a-fA-F.:]+")) {
            return false; // a name, not an address literal: not looked up here
        }
        try {
            return InetAddress.getByName(literal).isAnyLocalAddress(); // a literal is parsed, not looked up
        } catch (UnknownHostException e) {
            return false;
        }
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
    public List<TokenIntrospector> introspectors() {
        return List.of(access::inspect, wire.refreshIntrospector(services.stores().tokens()));
    }

    @Override
    public void routes(Routes routes) {
        TokenEndpoint token = new TokenEndpoint(rules, services.refresh(), services.sessions(), services.login(),
                access, settings.flag("PASSWORD_GRANT", false), services.clock());
        IntrospectionEndpoint introspection = new IntrospectionEndpoint(routes.introspectors(), services.sessions(),
                services.stores().tokens(), services.stores().users(), services.clock());
        routes.postAsync("/oauth2/token", ctx -> token(readableBy(ctx), token));
        routes.post("/oauth2/revoke", ctx -> withClient(readableBy(ctx),
                (form, client) -> introspection.revoke(ctx, form, client)));
        if (!crossOrigin.none()) {
            routes.add("OPTIONS", "/oauth2/token", this::preflight);
            routes.add("OPTIONS", "/oauth2/revoke", this::preflight);
        }
        routes.post("/oauth2/introspect", ctx -> withClient(ctx, (form, client) -> introspection.introspect(ctx, form, client)));
        // Public documents, readable by any page: the security BCP (RFC 9700, "Usage of CORS") lets the token,
        // metadata and jwks_uri endpoints support CORS for browser-based clients.
        routes.get("/.well-known/oauth-authorization-server", ctx -> {
            ctx.header("Access-Control-Allow-Origin", "*");
            Responses.json(ctx, 200, wire.metadata());
        });
        routes.get("/.well-known/jwks.json", ctx -> {
            ctx.header("Access-Control-Allow-Origin", "*");
            ctx.header("Cache-Control", "public, max-age=300");
            ctx.contentType("application/json").result(services.keys().jwks());
        });
    }

    /**
     * Lets a page of an origin that {@code ROTOR_OAUTH2_ALLOWED_ORIGINS} names read the answer: a browser app, a
     * public client, refreshing from its own origin. No credentials: the token travels in the body, not a cookie.
     */
    private Exchange readableBy(Exchange ctx) {
        if (crossOrigin.none()) {
            return ctx; // the usual case: no look-up of Origin on the refresh path
        }
        String origin = crossOrigin.allowed(ctx.headerValues("Origin"));
        if (origin != null) {
            crossOrigin.answerHeaders(origin).forEach(ctx::header);
        }
        return ctx;
    }

    private void preflight(Exchange ctx) {
        String refusal = crossOrigin.refusal(ctx.headerValues("Origin"), ctx.headerValues("Access-Control-Request-Method"),
                ctx.headerValues("Access-Control-Request-Headers"));
        if (refusal != null) {
            OAuth2Wire.error(ctx, 400, refusal);
            return;
        }
        crossOrigin.preflightHeaders(crossOrigin.allowed(ctx.headerValues("Origin"))).forEach(ctx::header);
        ctx.status(204).result(new byte[0]);
    }

    /**
     * {@code POST /oauth2/token}. The refresh_token grant, the hot path, holds no thread while its unit commits: a
     * client without a secret is looked up within the refresh's unit of the store, a client's secret is checked first
     * on a thread of its own (a password hash must not hold the event loop). Every other grant runs on a thread of
     * its own.
     */
    private CompletionStage<?> token(Exchange ctx, TokenEndpoint token) {
        CompletionStage<?> answer;
        try {
            FormBody form = form(ctx);
            if (!TokenEndpoint.isRefreshGrant(form)) {
                answer = ctx.blocking(c -> token.handle(c, form, clients.authenticate(c, form)));
            } else if (clients.carriesSecret(ctx, form)) {
                answer = ctx.blocking(() -> clients.authenticate(ctx, form))
                        .thenCompose(client -> token.refreshGrant(ctx, form, () -> client));
            } else {
                answer = token.refreshGrant(ctx, form, () -> clients.authenticate(ctx, form));
            }
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.exceptionally(failure -> {
            if (AsyncHandler.cause(failure) instanceof RuntimeException refusal && written(ctx, refusal)) {
                return null;
            }
            throw failure instanceof CompletionException c ? c : new CompletionException(failure);
        });
    }

    /** What every other POST endpoint does first: a form body, no repeated parameter, an authenticated client. */
    private void withClient(Exchange ctx, ClientAction action) {
        try {
            FormBody form = form(ctx);
            action.run(form, clients.authenticate(ctx, form));
        } catch (OAuth2Error | BadBody e) {
            written(ctx, e);
        }
    }

    /** The request's form: RFC 6749 §3.2 wants it url-encoded, each parameter at most once. */
    private static FormBody form(Exchange ctx) {
        if (!Bodies.isForm(ctx)) {
            throw OAuth2Error.invalidRequest("The body must be application/x-www-form-urlencoded");
        }
        FormBody form = Bodies.form(ctx);
        form.firstRepeated().ifPresent(name -> {
            throw OAuth2Error.invalidRequest("Parameter " + name + " is repeated");
        });
        return form;
    }

    /** Writes an OAuth 2.0 error for a refusal of the request; false for any other failure (the server's 5xx). */
    private static boolean written(Exchange ctx, RuntimeException refusal) {
        if (refusal instanceof OAuth2Error e) {
            e.write(ctx);
            return true;
        }
        if (refusal instanceof BadBody e) {
            OAuth2Error.invalidRequest(e.kind() == BadBody.Kind.REPEATED
                    ? "Parameter " + e.field() + " is repeated" : "Malformed request body").write(ctx);
            return true;
        }
        return false;
    }

    @FunctionalInterface
    private interface ClientAction {
        void run(FormBody form, ClientAuthenticator.Authenticated client);
    }

    @Override
    public ErrorShape errorShape() {
        return (ctx, status, message) -> OAuth2Wire.error(ctx, status, message);
    }

    /** For tests and the metadata: the issuer in use. */
    public String issuer() {
        return issuer;
    }

}

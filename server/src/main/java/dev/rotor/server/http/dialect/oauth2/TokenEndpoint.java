package dev.rotor.server.http.dialect.oauth2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotor.core.Outcome;
import dev.rotor.core.login.LoginService;
import dev.rotor.core.refresh.PresentedRefresh;
import dev.rotor.core.refresh.Refreshed;
import dev.rotor.core.session.DialectRules;
import dev.rotor.core.session.Session;
import dev.rotor.core.session.SessionService;
import dev.rotor.core.session.StartRequest;
import dev.rotor.core.session.StartedSession;
import dev.rotor.core.store.User;
import dev.rotor.server.http.Exchange;
import dev.rotor.server.http.FormBody;
import dev.rotor.server.http.Responses;
import dev.rotor.server.http.dialect.oauth2.ClientAuthenticator.Authenticated;
import dev.rotor.server.metrics.MeteredRefresh;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** {@code POST /oauth2/token}: the refresh_token (RFC 6749 §6), client_credentials (§4.4) and password (§4.3) grants. */
public final class TokenEndpoint {

    private final DialectRules rules;
    private final MeteredRefresh refresh;
    private final SessionService sessions;
    private final LoginService login;
    private final AccessTokens access;
    private final boolean passwordGrant;
    private final Clock clock;

    public TokenEndpoint(DialectRules rules, MeteredRefresh refresh, SessionService sessions, LoginService login,
                         AccessTokens access, boolean passwordGrant, Clock clock) {
        this.rules = rules;
        this.refresh = refresh;
        this.sessions = sessions;
        this.login = login;
        this.access = access;
        this.passwordGrant = passwordGrant;
        this.clock = clock;
    }

    /** Every grant but refresh_token ({@link #refreshGrant}), on a thread that may block. */
    public void handle(Exchange ctx, FormBody form, Authenticated client) {
        String grant = form.single("grant_type").orElseThrow(() -> OAuth2Error.invalidRequest("Missing grant_type"));
        switch (grant) {
            case "client_credentials" -> clientCredentials(ctx, form, client);
            case "password" -> {
                if (!passwordGrant) {
                    throw OAuth2Error.unsupportedGrantType("The password grant is not enabled");
                }
                passwordGrant(ctx, form, client);
            }
            default -> throw OAuth2Error.unsupportedGrantType("Unsupported grant_type");
        }
    }

    /** True for the refresh_token grant (RFC 6749 §6), the one {@link #refreshGrant} answers without a thread. */
    public static boolean isRefreshGrant(FormBody form) {
        return form.single("grant_type").filter("refresh_token"::equals).isPresent();
    }

    /**
     * RFC 6749 §6 with RFC 9700 §4.14.2 rotation: the token must belong to the client; scope may only narrow. The
     * client's authentication, the look-up, the checks and the rotation run as one unit of the store
     * (RefreshService#asOneUnit), and the answer is written on the event loop once it is durable, so no thread waits
     * for the commit. {@code client} must not block: a client with a secret is authenticated before, on a thread of
     * its own.
     */
    public CompletionStage<Void> refreshGrant(Exchange ctx, FormBody form, Supplier<Authenticated> client) {
        String token = form.single("refresh_token").orElseThrow(() -> OAuth2Error.invalidRequest("Missing refresh_token"));
        String requestedScope = form.single("scope").orElse(null);
        Optional<byte[]> secret = RefreshTokenFormat.parse(token);
        if (secret.isEmpty()) {
            refresh.countMalformed(rules.dialect());
            throw OAuth2Error.invalidGrant("The refresh token is invalid, expired or revoked");
        }
        return refresh.asOneUnit(() -> checkedRefresh(secret.get(), requestedScope, client.get()), ctx.loop())
                .thenAccept(granted -> {
                    Refreshed done = granted.refreshed();
                    String jwt = access.mint(done.user().id(), granted.clientId(), granted.scope(), done.session().id(),
                            clock.instant());
                    Responses.token(ctx, 200, success(jwt, RefreshTokenFormat.encode(done.refresh().secret()),
                            granted.scope()));
                });
    }

    /** A refresh grant's result: the engine's refresh, the client, and the scope of the new access token. */
    private record Granted(Refreshed refreshed, String clientId, String scope) {
    }

    private Granted checkedRefresh(byte[] secret, String requestedScope, Authenticated client) {
        Optional<PresentedRefresh> presented = refresh.lookUp(rules, secret);
        if (presented.isEmpty()) {
            refresh.countMalformed(rules.dialect());
            throw OAuth2Error.invalidGrant("The refresh token is invalid, expired or revoked");
        }
        // Checked before the engine rotates anything, so another client's request cannot burn the token.
        Session owner = presented.get().session();
        if (!client.client().id().equals(owner.clientId())) {
            throw OAuth2Error.invalidGrant("The refresh token was issued to another client");
        }
        String scope = Scopes.narrowed(owner.scope(), requestedScope);
        Outcome<Refreshed> outcome = refresh.refresh(rules, presented.get());
        if (!outcome.isOk()) {
            throw OAuth2Error.invalidGrant("The refresh token is invalid, expired or revoked");
        }
        return new Granted(outcome.value(), client.client().id(), scope);
    }

    private void clientCredentials(Exchange ctx, FormBody form, Authenticated client) {
        if (!client.client().confidential()) {
            throw OAuth2Error.unauthorizedClient("Public clients may not use client_credentials");
        }
        String scope = Scopes.join(Scopes.parse(form.single("scope").orElse(null)));
        String jwt = access.mint(client.client().id(), client.client().id(), scope, null, clock.instant());
        Responses.token(ctx, 200, success(jwt, null, scope));
    }

    /** RFC 6749 §4.3, only when ROTOR_OAUTH2_PASSWORD_GRANT=true (RFC 9700 §2.4 forbids it otherwise). */
    private void passwordGrant(Exchange ctx, FormBody form, Authenticated client) {
        String username = form.single("username").orElseThrow(() -> OAuth2Error.invalidRequest("Missing username"));
        String password = form.single("password").orElseThrow(() -> OAuth2Error.invalidRequest("Missing password"));
        String scope = Scopes.join(Scopes.parse(form.single("scope").orElse(null)));
        Outcome<User> user = login.login(rules.dialect(), username, password.toCharArray());
        if (!user.isOk()) {
            throw OAuth2Error.invalidGrant("The resource owner credentials are invalid");
        }
        StartedSession started = sessions.start(rules, new StartRequest(user.value().id(), client.client().id(), null, scope));
        String jwt = access.mint(user.value().id(), client.client().id(), scope, started.session().id(), clock.instant());
        Responses.token(ctx, 200, success(jwt, RefreshTokenFormat.encode(started.refresh().secret()), scope));
    }

    private ObjectNode success(String accessToken, String refreshToken, String scope) {
        ObjectNode body = Responses.object()
                .put("access_token", accessToken)
                .put("token_type", "Bearer")
                .put("expires_in", access.ttl().toSeconds());
        if (refreshToken != null) {
            body.put("refresh_token", refreshToken);
        }
        if (scope != null) {
            body.put("scope", scope);
        }
        return body;
    }
}

package dev.rotor.server.http.dialect.oauth2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotor.core.session.Session;
import dev.rotor.core.session.SessionService;
import dev.rotor.core.store.TokenStore;
import dev.rotor.core.store.User;
import dev.rotor.core.store.UserStore;
import dev.rotor.server.http.Exchange;
import dev.rotor.server.http.FormBody;
import dev.rotor.server.http.Responses;
import dev.rotor.server.http.TokenInfo;
import dev.rotor.server.http.TokenIntrospector;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /oauth2/introspect} (RFC 7662) and {@code POST /oauth2/revoke} (RFC 7009), for the tokens of every
 * enabled dialect: each dialect's {@link TokenIntrospector} recognises its own; a token is active only while it has
 * not expired and its session (if it has one) is active.
 */
public final class IntrospectionEndpoint {

    private final List<TokenIntrospector> introspectors;
    private final SessionService sessions;
    private final TokenStore tokens;
    private final UserStore users;
    private final Clock clock;

    public IntrospectionEndpoint(List<TokenIntrospector> introspectors, SessionService sessions, TokenStore tokens,
                                 UserStore users, Clock clock) {
        this.introspectors = List.copyOf(introspectors);
        this.sessions = sessions;
        this.tokens = tokens;
        this.users = users;
        this.clock = clock;
    }

    /** RFC 7662 §2.1: only confidential clients may ask; an inactive token is exactly {@code {"active":false}}. */
    public void introspect(Exchange ctx, FormBody form, ClientAuthenticator.Authenticated client) {
        if (!client.client().confidential()) {
            throw OAuth2Error.invalidClient("Introspection needs an authenticated confidential client", client.viaBasic());
        }
        String token = form.single("token").orElseThrow(() -> OAuth2Error.invalidRequest("Missing token"));
        form.single("token_type_hint");
        Optional<TokenInfo> info = find(token).filter(this::active);
        Responses.token(ctx, 200, info.map(this::describe).orElseGet(() -> Responses.object().put("active", false)));
    }

    /**
     * RFC 7009 §2.1: 200 whether or not the token was known. A refresh token or a JWT access token ends its session;
     * an opaque access token is deleted. An oauth2 token issued to another client is left alone (and the answer does not say so).
     */
    public void revoke(Exchange ctx, FormBody form, ClientAuthenticator.Authenticated client) {
        String token = form.single("token").orElseThrow(() -> OAuth2Error.invalidRequest("Missing token"));
        form.single("token_type_hint");
        find(token).ifPresent(info -> {
            if (info.dialect().equals("oauth2") && !client.client().id().equals(info.clientId())) {
                return;
            }
            if (!info.dialect().equals("oauth2") && !client.client().confidential()) {
                return;
            }
            if (info.kind() == TokenInfo.Kind.ACCESS && info.opaqueHash() != null) {
                tokens.deleteAccess(info.opaqueHash());
            } else if (info.sessionId() != null) {
                // A refresh token ends its session (RFC 7009 §2.1). A signed access token cannot be struck off on its
                // own, so it ends its session too: only then does introspection report it inactive at once (CORE.md).
                sessions.revoke(info.sessionId(), "revoked");
            }
        });
        Responses.noStore(ctx);
        ctx.status(200);
    }

    private Optional<TokenInfo> find(String token) {
        for (TokenIntrospector introspector : introspectors) {
            Optional<TokenInfo> info = introspector.inspect(token);
            if (info.isPresent()) {
                return info;
            }
        }
        return Optional.empty();
    }

    private boolean active(TokenInfo info) {
        if (info.expiresAt() == null || !clock.instant().isBefore(info.expiresAt())) {
            return false;
        }
        if (info.sessionId() == null) {
            return true;
        }
        Optional<Session> session = sessions.activeSession(info.sessionId());
        return session.isPresent() && session.get().dialect().equals(info.dialect());
    }

    private ObjectNode describe(TokenInfo info) {
        ObjectNode body = Responses.object().put("active", true);
        putIfSet(body, "sub", info.subject());
        putIfSet(body, "client_id", info.clientId());
        putIfSet(body, "scope", info.scope());
        body.put("exp", info.expiresAt().getEpochSecond());
        if (info.issuedAt() != null) {
            body.put("iat", info.issuedAt().getEpochSecond());
        }
        body.put("token_type", info.kind() == TokenInfo.Kind.ACCESS ? "Bearer" : "refresh_token");
        putIfSet(body, "sid", info.sessionId());
        putIfSet(body, "iss", info.issuer());
        putIfSet(body, "aud", info.audience());
        if (info.userId() != null) {
            users.findById(info.userId()).map(User::username).ifPresent(u -> body.put("username", u));
        }
        return body;
    }

    private static void putIfSet(ObjectNode body, String name, String value) {
        if (value != null) {
            body.put(name, value);
        }
    }
}

package dev.rotor.server.http.dialect.oauth2;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotor.core.store.TokenStore;
import dev.rotor.server.http.Exchange;
import dev.rotor.server.http.TokenIntrospector;

/** The oauth2 dialect's fixed documents: RFC 8414 metadata and the error shape for statuses it did not word itself. */
public final class OAuth2Wire {

    private final ObjectNode metadata;
    private final String issuer;

    public OAuth2Wire(String issuer, String prefix, boolean passwordGrant) {
        this.issuer = issuer;
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        ObjectNode m = dev.rotor.server.http.Responses.object();
        m.put("issuer", issuer);
        m.put("token_endpoint", base + prefix + "/oauth2/token");
        m.put("jwks_uri", base + prefix + "/.well-known/jwks.json");
        m.put("revocation_endpoint", base + prefix + "/oauth2/revoke");
        m.put("introspection_endpoint", base + prefix + "/oauth2/introspect");
        m.putArray("response_types_supported");
        ArrayNode grants = m.putArray("grant_types_supported").add("refresh_token").add("client_credentials");
        if (passwordGrant) {
            grants.add("password");
        }
        m.putArray("token_endpoint_auth_methods_supported").add("client_secret_basic").add("client_secret_post").add("none");
        m.putArray("revocation_endpoint_auth_methods_supported").add("client_secret_basic").add("client_secret_post").add("none");
        m.putArray("introspection_endpoint_auth_methods_supported").add("client_secret_basic").add("client_secret_post");
        this.metadata = m;
    }

    public ObjectNode metadata() {
        return metadata;
    }

    public TokenIntrospector refreshIntrospector(TokenStore tokens) {
        return new RefreshTokens(tokens, issuer)::inspect;
    }

    /** 413, 404, 405 and 5xx in the RFC 6749 §5.2 shape. */
    public static void error(Exchange ctx, int status, String message) {
        String code = switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 503 -> "temporarily_unavailable";
            default -> status >= 500 ? "server_error" : "invalid_request";
        };
        OAuth2Error.write(ctx, status, code, message);
    }
}

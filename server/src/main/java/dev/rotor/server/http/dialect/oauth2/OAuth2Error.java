package dev.rotor.server.http.dialect.oauth2;

import dev.rotor.server.http.Exchange;
import dev.rotor.server.http.Responses;

/**
 * An RFC 6749 §5.2 error: {@code {"error","error_description"}}, 400, or 401 for {@code invalid_client} with
 * {@code WWW-Authenticate: Basic realm="rotor"} when the client used Basic (RFC 6749 §5.2).
 */
public final class OAuth2Error extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final String code;
    private final int status;
    private final boolean basic;

    private OAuth2Error(String code, String description, int status, boolean basic) {
        super(description, null, false, false);
        this.code = code;
        this.status = status;
        this.basic = basic;
    }

    public static OAuth2Error invalidRequest(String description) {
        return new OAuth2Error("invalid_request", description, 400, false);
    }

    public static OAuth2Error invalidClient(String description, boolean basicUsed) {
        return new OAuth2Error("invalid_client", description, 401, basicUsed);
    }

    public static OAuth2Error invalidGrant(String description) {
        return new OAuth2Error("invalid_grant", description, 400, false);
    }

    public static OAuth2Error unsupportedGrantType(String description) {
        return new OAuth2Error("unsupported_grant_type", description, 400, false);
    }

    public static OAuth2Error invalidScope(String description) {
        return new OAuth2Error("invalid_scope", description, 400, false);
    }

    public static OAuth2Error unauthorizedClient(String description) {
        return new OAuth2Error("unauthorized_client", description, 400, false);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public void write(Exchange ctx) {
        write(ctx, status, code, getMessage());
        if (basic) {
            ctx.header("WWW-Authenticate", "Basic realm=\"rotor\"");
        }
    }

    /** Writes any error in the OAuth 2.0 shape, uncacheable like every token endpoint answer (RFC 6749 §5.1). */
    static void write(Exchange ctx, int status, String code, String description) {
        Responses.token(ctx, status, Responses.object().put("error", code).put("error_description", description));
    }
}

package dev.rotor.server.http.dialect;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.rotor.core.store.User;
import dev.rotor.core.token.IssuedRefresh;
import dev.rotor.server.crypto.JwtCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The watchr token format. Only the OpenAPI page of the original is public, so Rotor picks the FastAPI tutorial's
 * shape: the access token is an HS256 JWT with {@code sub} (username), {@code iat}, {@code exp} and {@code sid}; the
 * refresh token never leaves the HttpOnly cookie and is opaque: the engine's 32-byte secret in base64url (43 chars).
 */
public final class WatchrTokens {

    /** Refresh secrets are 32 random bytes. */
    public static final int REFRESH_SECRET_BYTES = 32;
    private static final int REFRESH_CHARS = 43;

    private final JwtCodec codec;

    public WatchrTokens(JwtCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    public String access(User user, String sessionId, Instant now, Duration ttl) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(user.username())
                .issueTime(new Date(now.getEpochSecond() * 1000L))
                .expirationTime(new Date(now.plus(ttl).getEpochSecond() * 1000L))
                .claim("sid", sessionId)
                .build();
        return codec.sign(JOSEObjectType.JWT, Map.of(), claims);
    }

    /** The cookie value of a refresh token; the same secret always gives the same value. */
    public static String refresh(IssuedRefresh refresh) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(refresh.secret());
    }

    /** The secret of a cookie value, or empty when it cannot be a watchr refresh token. */
    public static Optional<byte[]> refreshSecret(String cookieValue) {
        if (cookieValue == null || cookieValue.length() != REFRESH_CHARS || !cookieValue.matches("[A-Za-z0-9_-]+")) {
            return Optional.empty();
        }
        try {
            byte[] secret = Base64.getUrlDecoder().decode(cookieValue);
            // one secret, one spelling: refuse values that differ only in the unused low bits of the last char
            return Base64.getUrlEncoder().withoutPadding().encodeToString(secret).equals(cookieValue)
                    ? Optional.of(secret) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

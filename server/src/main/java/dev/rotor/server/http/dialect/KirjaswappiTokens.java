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
 * The kirjaswappi token format (DIALECTS.md {@code kirjaswappi}): HS256 JWTs with {@code sub} (username),
 * {@code role}, {@code jwtToken} (true for access, false for refresh), {@code iat}, {@code exp}; refresh tokens carry
 * the engine's refresh secret in {@code jti}, access tokens the session id in {@code sid} (CORE.md "Revocation").
 * A refresh token is a pure function of its {@link IssuedRefresh} and the user, so a grace-period retry re-encodes
 * the identical successor.
 */
public final class KirjaswappiTokens {

    static final String JWT_TOKEN = "jwtToken";
    static final String ROLE = "role";
    static final String SID = "sid";

    private final JwtCodec codec;

    public KirjaswappiTokens(JwtCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /** A new access token for {@code user} in session {@code sessionId}, valid {@code ttl} from {@code now}. */
    public String access(User user, String sessionId, Instant now, Duration ttl) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(user.username())
                .claim(ROLE, user.role())
                .claim(JWT_TOKEN, true)
                .issueTime(seconds(now))
                .expirationTime(seconds(now.plus(ttl)))
                .claim(SID, sessionId)
                .build();
        return codec.sign(JOSEObjectType.JWT, Map.of(), claims);
    }

    /** Encodes a refresh token; the same arguments always give the same token. */
    public String refresh(User user, IssuedRefresh refresh) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(user.username())
                .claim(ROLE, user.role())
                .claim(JWT_TOKEN, false)
                .issueTime(seconds(refresh.issuedAt()))
                .expirationTime(seconds(refresh.expiresAt()))
                .jwtID(Base64.getUrlEncoder().withoutPadding().encodeToString(refresh.secret()))
                .build();
        return codec.sign(JOSEObjectType.JWT, Map.of(), claims);
    }

    /**
     * The refresh secret carried by {@code compact}, or empty when it is not a valid, unexpired kirjaswappi refresh
     * token (bad signature, an access token, expired, no usable {@code jti}).
     */
    public Optional<byte[]> refreshSecret(String compact, Instant now) {
        JwtCodec.Verification verification = codec.verify(compact, null);
        if (!verification.ok()) {
            return Optional.empty();
        }
        JWTClaimsSet claims = verification.claims();
        if (!Boolean.FALSE.equals(claims.getClaim(JWT_TOKEN)) || claims.getSubject() == null) {
            return Optional.empty();
        }
        Date exp = claims.getExpirationTime();
        if (exp == null || !exp.toInstant().isAfter(now)) {
            return Optional.empty();
        }
        return decodeSecret(claims.getJWTID());
    }

    static Optional<byte[]> decodeSecret(String jti) {
        if (jti == null || jti.length() < 22 || jti.length() > 43 || !jti.matches("[A-Za-z0-9_-]+")) {
            return Optional.empty();
        }
        try {
            byte[] secret = Base64.getUrlDecoder().decode(jti);
            boolean canonical = Base64.getUrlEncoder().withoutPadding().encodeToString(secret).equals(jti);
            return canonical && secret.length >= 16 && secret.length <= 32 ? Optional.of(secret) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Date seconds(Instant instant) {
        return new Date(instant.getEpochSecond() * 1000L);
    }
}

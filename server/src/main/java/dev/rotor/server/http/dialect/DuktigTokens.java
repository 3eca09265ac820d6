package dev.rotor.server.http.dialect;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.rotor.core.store.User;
import dev.rotor.core.token.IssuedRefresh;
import dev.rotor.core.token.Secrets;
import dev.rotor.server.crypto.JwtCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The duktig token format (DIALECTS.md {@code duktig}): header {@code {"typ":"JWT","cty":"JWT","alg":"HS256"}},
 * claims {@code iss, aud, sub, jti, nbf, iat, exp, account}. Access and refresh tokens are signed by different key
 * rings and carry different audiences, so neither can pass as the other. The refresh secret travels in {@code jti};
 * a refresh token is a pure function of its {@link IssuedRefresh} and the user (grace-period retries).
 */
public final class DuktigTokens {

    static final Map<String, Object> HEADER = Map.of("cty", "JWT");

    private final JwtCodec accessCodec;
    private final JwtCodec refreshCodec;
    private final String issuer;
    private final String accessAudience;
    private final String refreshAudience;

    public DuktigTokens(JwtCodec accessCodec, JwtCodec refreshCodec, String issuer, String accessAudience,
                        String refreshAudience) {
        this.accessCodec = Objects.requireNonNull(accessCodec, "accessCodec");
        this.refreshCodec = Objects.requireNonNull(refreshCodec, "refreshCodec");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.accessAudience = Objects.requireNonNull(accessAudience, "accessAudience");
        this.refreshAudience = Objects.requireNonNull(refreshAudience, "refreshAudience");
        if (accessAudience.equals(refreshAudience)) {
            throw new IllegalArgumentException("duktig access and refresh audiences must differ");
        }
    }

    /** A new access token; its {@code exp} (Unix seconds) is what the wire calls {@code expires_in}. */
    public String access(User user, String sessionId, Instant now, Duration ttl) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("userId", number(user.id()));
        account.put("firstName", user.firstName());
        account.put("lastName", user.lastName());
        account.put("email", user.email());
        account.put("roleId", number(user.role()));
        JWTClaimsSet claims = common(accessAudience, user, now, now.plus(ttl))
                .jwtID(HexFormat.of().formatHex(Secrets.random(16)))
                .claim("sid", sessionId)
                .claim("account", account)
                .build();
        return accessCodec.sign(JOSEObjectType.JWT, HEADER, claims);
    }

    /** Encodes a refresh token; the same arguments always give the same token. */
    public String refresh(User user, IssuedRefresh refresh) {
        Map<String, Object> account = new LinkedHashMap<>();
        account.put("userId", number(user.id()));
        account.put("email", user.email());
        JWTClaimsSet claims = common(refreshAudience, user, refresh.issuedAt(), refresh.expiresAt())
                .jwtID(Base64.getUrlEncoder().withoutPadding().encodeToString(refresh.secret()))
                .claim("account", account)
                .build();
        return refreshCodec.sign(JOSEObjectType.JWT, HEADER, claims);
    }

    /** Unix seconds of an instant, as {@code expires_in}, {@code iat} and {@code exp} carry it. */
    public static long unixSeconds(Instant instant) {
        return instant.getEpochSecond();
    }

    /** The refresh secret of a valid, current (nbf..exp) duktig refresh token, or empty. */
    public Optional<byte[]> refreshSecret(String compact, Instant now) {
        JwtCodec.Verification verification = refreshCodec.verify(compact, JOSEObjectType.JWT);
        if (!verification.ok()) {
            return Optional.empty();
        }
        JWTClaimsSet claims = verification.claims();
        List<String> audience = claims.getAudience();
        if (!issuer.equals(claims.getIssuer()) || audience == null || !audience.equals(List.of(refreshAudience))) {
            return Optional.empty();
        }
        Date exp = claims.getExpirationTime();
        Date nbf = claims.getNotBeforeTime();
        if (exp == null || !exp.toInstant().isAfter(now) || (nbf != null && nbf.toInstant().isAfter(now))) {
            return Optional.empty();
        }
        return KirjaswappiTokens.decodeSecret(claims.getJWTID());
    }

    private JWTClaimsSet.Builder common(String audience, User user, Instant issued, Instant expires) {
        Date iat = new Date(issued.getEpochSecond() * 1000L);
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(user.id())
                .notBeforeTime(iat)
                .issueTime(iat)
                .expirationTime(new Date(expires.getEpochSecond() * 1000L));
    }

    /** Duktig's ids are integers; imported string ids are kept as strings. */
    static Object number(String value) {
        if (value != null && value.matches("-?[0-9]{1,18}")) {
            return Long.parseLong(value);
        }
        return value;
    }
}

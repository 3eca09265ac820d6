package dev.rotor.server.http.dialect;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.rotor.core.token.IssuedRefresh;
import dev.rotor.core.token.Secrets;
import dev.rotor.server.crypto.JwtCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * simplejwt's token format (DIALECTS.md "simplejwt"): HS256 JWTs with header {@code {"alg":"HS256","typ":"JWT"}} and
 * claims {@code token_type, exp, iat, jti, user_id} in that order, then {@code aud}/{@code iss} when configured.
 * A refresh token is a pure function of (secret, issuedAt, expiresAt, user id), so a grace-period retry re-encodes
 * the identical successor; its {@code jti} is the hex of the 16-byte refresh secret.
 */
final class SimpleJwtTokens {

    static final String ACCESS = "access";
    static final String REFRESH = "refresh";
    static final int JTI_BYTES = 16;

    /** Claims an access token made by refresh does not copy from the refresh token (DIALECTS.md). */
    private static final Set<String> NOT_COPIED = Set.of("token_type", "exp", "iat", "jti");
    private static final HexFormat HEX = HexFormat.of();

    /** Why a presented token was refused, worded by simplejwt 5.5 (DIALECTS.md "finer messages"). */
    enum Problem {
        INVALID("Token is invalid"),
        EXPIRED("Token is expired"),
        NO_ID("Token has no id"),
        WRONG_TYPE("Token has wrong type"),
        BLACKLISTED("Token is blacklisted");

        final String detail;

        Problem(String detail) {
            this.detail = detail;
        }
    }

    /**
     * A token whose signature, expiry and claims passed. {@code secret} is the jti's 16 bytes (null when the jti is
     * not 32 lowercase hex characters, which only a foreign token can have).
     */
    record Presented(String tokenType, byte[] secret, String userId, Instant issuedAt, Instant expiresAt,
                     JWTClaimsSet claims) {
    }

    /** A parse result: the token, or the problem. */
    record Parsed(Presented token, Problem problem) {
        boolean ok() {
            return token != null;
        }
    }

    private final JwtCodec codec;
    private final String issuer;
    private final String audience;

    /** {@code issuer} and {@code audience} may be null: then the claims are neither written nor checked. */
    SimpleJwtTokens(JwtCodec codec, String issuer, String audience) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.issuer = issuer;
        this.audience = audience;
    }

    /** The refresh token for {@code refresh}: deterministic, so a retry within the grace period gets the same text. */
    String refreshToken(IssuedRefresh refresh, String userId) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .claim("token_type", REFRESH)
                .expirationTime(Date.from(refresh.expiresAt()))
                .issueTime(Date.from(refresh.issuedAt()))
                .jwtID(HEX.formatHex(refresh.secret()))
                .claim("user_id", userId);
        return sign(claims);
    }

    /** The access token issued beside a new refresh token at login. */
    String accessTokenFor(String userId, Instant now, Duration ttl) {
        return sign(accessClaims(now, ttl).claim("user_id", userId));
    }

    /** An access token made by refresh: the refresh token's claims except token_type, exp, iat and jti. */
    String accessTokenFrom(JWTClaimsSet refreshClaims, Instant now, Duration ttl) {
        JWTClaimsSet.Builder claims = accessClaims(now, ttl);
        for (Map.Entry<String, Object> claim : refreshClaims.getClaims().entrySet()) {
            if (!NOT_COPIED.contains(claim.getKey())) {
                claims.claim(claim.getKey(), claim.getValue());
            }
        }
        return sign(claims);
    }

    private static JWTClaimsSet.Builder accessClaims(Instant now, Duration ttl) {
        return new JWTClaimsSet.Builder()
                .claim("token_type", ACCESS)
                .expirationTime(Date.from(now.plus(ttl)))
                .issueTime(Date.from(now))
                .jwtID(HEX.formatHex(Secrets.random(JTI_BYTES)));
    }

    private String sign(JWTClaimsSet.Builder claims) {
        if (audience != null) {
            claims.audience(audience);
        }
        if (issuer != null) {
            claims.issuer(issuer);
        }
        return codec.sign(JOSEObjectType.JWT, Map.of(), claims.build());
    }

    /**
     * Checks a presented token as simplejwt's {@code Token.__init__} does: signature, expiry, {@code jti}, then the
     * type when {@code expectedType} is not null.
     */
    Parsed parse(String compact, String expectedType, Instant now) {
        JwtCodec.Verification verification = codec.verify(compact, null);
        if (!verification.ok()) {
            return new Parsed(null, Problem.INVALID);
        }
        JWTClaimsSet claims = verification.claims();
        Date exp = claims.getExpirationTime();
        if (exp == null || !(claims.getClaim("exp") instanceof Date)) {
            return new Parsed(null, Problem.INVALID);
        }
        if (!now.isBefore(exp.toInstant())) {
            return new Parsed(null, Problem.EXPIRED);
        }
        if ((audience != null && !claims.getAudience().contains(audience))
                || (issuer != null && !issuer.equals(stringClaim(claims, "iss")))) {
            return new Parsed(null, Problem.INVALID);
        }
        String jti = stringClaim(claims, "jti");
        if (claims.getClaim("jti") == null) {
            return new Parsed(null, Problem.NO_ID);
        }
        Object type = claims.getClaim("token_type");
        if (expectedType != null && !expectedType.equals(type)) {
            return new Parsed(null, Problem.WRONG_TYPE);
        }
        String userId = userId(claims.getClaim("user_id"));
        Date iat = claims.getClaim("iat") instanceof Date d ? d : null;
        return new Parsed(new Presented(type instanceof String s ? s : null, secretOf(jti), userId,
                iat == null ? null : iat.toInstant(), exp.toInstant(), claims), null);
    }

    /** The 16-byte secret a jti encodes, or null when it is not 32 lowercase hex characters. */
    static byte[] secretOf(String jti) {
        if (jti == null || jti.length() != JTI_BYTES * 2) {
            return null;
        }
        for (int i = 0; i < jti.length(); i++) {
            char c = jti.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return null;
            }
        }
        return HEX.parseHex(jti);
    }

    /** Rotor writes user_id as a string; simplejwt itself writes integer primary keys as JSON numbers. */
    private static String userId(Object claim) {
        if (claim instanceof String s && !s.isEmpty()) {
            return s;
        }
        if (claim instanceof Long || claim instanceof Integer || claim instanceof java.math.BigInteger) {
            return claim.toString();
        }
        return null;
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        return claims.getClaim(name) instanceof String s ? s : null;
    }
}

package dev.rotor.server.http.dialect.oauth2;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.rotor.core.token.Secrets;
import dev.rotor.server.crypto.JwtCodec;
import dev.rotor.server.http.TokenInfo;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** RFC 9068 JWT access tokens of the oauth2 dialect: minting, and recognising them for introspection. */
public final class AccessTokens {

    public static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    private final JwtCodec codec;
    private final String issuer;
    private final Duration ttl;

    public AccessTokens(JwtCodec codec, String issuer, Duration ttl) {
        this.codec = codec;
        this.issuer = issuer;
        this.ttl = ttl;
    }

    public Duration ttl() {
        return ttl;
    }

    /**
     * Signs an access token. {@code sid} is null for client_credentials tokens; {@code subject} is the user id, or
     * the client id when there is no user (RFC 9068 §2.2).
     */
    public String mint(String subject, String clientId, String scope, String sid, Instant now) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(issuer)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(Base64.getUrlEncoder().withoutPadding().encodeToString(Secrets.random(16)))
                .claim("client_id", clientId);
        if (scope != null) {
            claims.claim("scope", scope);
        }
        if (sid != null) {
            claims.claim("sid", sid);
        }
        return codec.sign(AT_JWT, Map.of(), claims.build());
    }

    /** The token's facts if it is an access token this ring signed for this issuer; never throws. */
    public Optional<TokenInfo> inspect(String token) {
        if (token == null || token.length() > JwtCodec.MAX_TOKEN_CHARS || token.chars().filter(c -> c == '.').count() != 2) {
            return Optional.empty();
        }
        try {
            JwtCodec.Verification v = codec.verify(token, AT_JWT);
            if (!v.ok()) {
                return Optional.empty();
            }
            JWTClaimsSet c = v.claims();
            if (!issuer.equals(c.getIssuer()) || c.getExpirationTime() == null || c.getSubject() == null) {
                return Optional.empty();
            }
            String sid = c.getStringClaim("sid");
            List<String> aud = c.getAudience();
            return Optional.of(new TokenInfo(TokenInfo.Kind.ACCESS, "oauth2", sid, c.getSubject(),
                    sid == null ? null : c.getSubject(), c.getStringClaim("client_id"), c.getStringClaim("scope"),
                    c.getIssueTime() == null ? null : c.getIssueTime().toInstant(), c.getExpirationTime().toInstant(),
                    c.getIssuer(), aud == null || aud.isEmpty() ? null : aud.get(0), null));
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

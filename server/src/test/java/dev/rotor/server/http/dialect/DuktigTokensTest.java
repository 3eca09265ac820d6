package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.rotor.core.store.User;
import dev.rotor.server.crypto.JwtCodec;
import dev.rotor.core.token.IssuedRefresh;
import dev.rotor.core.token.Secrets;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DuktigTokensTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final JwtCodec accessRing = DialectTestRings.hs256("a".repeat(32));
    private final JwtCodec refreshRing = DialectTestRings.hs256("r".repeat(32));
    private final DuktigTokens tokens = new DuktigTokens(accessRing, refreshRing, "rotor-duktig", "duktig-access",
            "duktig-refresh");
    private final User admin = new User("1", "super", "super.admin@duktig.io", "Super", "Admin", "1", true, "x",
            NOW, null);

    @Test
    void headerIsTypCtyAlgAsTheSeed() throws Exception {
        String token = tokens.access(admin, "s", NOW, Duration.ofDays(1));
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        assertThat(SignedJWT.parse(token).getHeader().toJSONObject())
                .containsOnly(Map.entry("typ", "JWT"), Map.entry("cty", "JWT"), Map.entry("alg", "HS256"));
        assertThat(header).contains("\"cty\":\"JWT\"");
    }

    @Test
    void accessClaimsMatchTheSeedShapeAndLiveOneDay() throws Exception {
        Map<String, Object> c = SignedJWT.parse(tokens.access(admin, "s", NOW, Duration.ofDays(1))).getPayload().toJSONObject();
        assertThat(c).containsKeys("iss", "aud", "sub", "jti", "nbf", "iat", "exp", "account")
                .containsEntry("iss", "rotor-duktig").containsEntry("aud", "duktig-access")
                .containsEntry("nbf", NOW.getEpochSecond()).containsEntry("iat", NOW.getEpochSecond())
                .containsEntry("exp", NOW.getEpochSecond() + 86400);
        assertThat(c.get("account")).isEqualTo(Map.of("userId", 1L, "firstName", "Super", "lastName", "Admin",
                "email", "super.admin@duktig.io", "roleId", 1L));
    }

    @Test
    void refreshUsesOtherRingAndAudienceAndIsDeterministic() throws Exception {
        IssuedRefresh r = new IssuedRefresh(Secrets.random(16), NOW, NOW.plus(Duration.ofDays(30)));
        String token = tokens.refresh(admin, r);
        assertThat(tokens.refresh(admin, r)).isEqualTo(token);
        Map<String, Object> c = SignedJWT.parse(token).getPayload().toJSONObject();
        assertThat(c).containsEntry("aud", "duktig-refresh").containsEntry("exp", NOW.getEpochSecond() + 30 * 86400);
        assertThat(c.get("account")).isEqualTo(Map.of("userId", 1L, "email", "super.admin@duktig.io"));
        assertThat(accessRing.verify(token, null).ok()).isFalse();
        assertThat(tokens.refreshSecret(token, NOW)).hasValueSatisfying(s -> assertThat(s).isEqualTo(r.secret()));
    }

    @Test
    void refusesAccessTokenExpiredAndWrongAudience() {
        IssuedRefresh r = new IssuedRefresh(Secrets.random(16), NOW, NOW.plus(Duration.ofDays(30)));
        assertThat(tokens.refreshSecret(tokens.access(admin, "s", NOW, Duration.ofDays(1)), NOW)).isEmpty();
        assertThat(tokens.refreshSecret(tokens.refresh(admin, r), NOW.plus(Duration.ofDays(30)))).isEmpty();
        DuktigTokens sameRingOtherAud = new DuktigTokens(accessRing, refreshRing, "rotor-duktig", "duktig-access", "other");
        assertThat(tokens.refreshSecret(sameRingOtherAud.refresh(admin, r), NOW)).isEmpty();
        DuktigTokens otherIssuer = new DuktigTokens(accessRing, refreshRing, "x", "duktig-access", "duktig-refresh");
        assertThat(tokens.refreshSecret(otherIssuer.refresh(admin, r), NOW)).isEmpty();
    }

    @Test
    void nonNumericIdsStayStrings() {
        assertThat(DuktigTokens.number("42")).isEqualTo(42L);
        assertThat(DuktigTokens.number("user")).isEqualTo("user");
        assertThat(DuktigTokens.number("99999999999999999999")).isEqualTo("99999999999999999999");
    }
}

package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.rotor.core.TestUsers;
import dev.rotor.core.store.User;
import dev.rotor.core.token.IssuedRefresh;
import dev.rotor.core.token.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KirjaswappiTokensTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00.123Z");
    private final KirjaswappiTokens tokens = new KirjaswappiTokens(DialectTestRings.hs256("k".repeat(32)));
    private final User alice = TestUsers.alice();

    @Test
    void accessTokenCarriesSubRoleJwtTokenTrueAndFiveMinutes() throws Exception {
        SignedJWT jwt = SignedJWT.parse(tokens.access(alice, "s1", NOW, Duration.ofMinutes(5)));
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
        Map<String, Object> c = jwt.getPayload().toJSONObject();
        assertThat(c).containsEntry("sub", "alice").containsEntry("role", "user").containsEntry("jwtToken", true)
                .containsEntry("iat", NOW.getEpochSecond()).containsEntry("exp", NOW.getEpochSecond() + 300)
                .doesNotContainKey("jti");
    }

    @Test
    void refreshTokenIsDeterministicAndCarriesSecretInJti() throws Exception {
        IssuedRefresh r = new IssuedRefresh(Secrets.random(16), NOW, NOW.plus(Duration.ofDays(7)));
        String one = tokens.refresh(alice, r);
        assertThat(tokens.refresh(alice, new IssuedRefresh(r.secret().clone(), NOW, r.expiresAt()))).isEqualTo(one);
        Map<String, Object> c = SignedJWT.parse(one).getPayload().toJSONObject();
        assertThat(c).containsEntry("jwtToken", false).containsEntry("sub", "alice").containsEntry("role", "user")
                .containsEntry("exp", NOW.getEpochSecond() + 7 * 86400).containsKey("jti");
        assertThat(tokens.refreshSecret(one, NOW)).hasValueSatisfying(s -> assertThat(s).isEqualTo(r.secret()));
    }

    @Test
    void refusesAccessTokensExpiredTokensAndForeignSignatures() {
        IssuedRefresh r = new IssuedRefresh(Secrets.random(16), NOW, NOW.plus(Duration.ofDays(7)));
        assertThat(tokens.refreshSecret(tokens.access(alice, "s", NOW, Duration.ofMinutes(5)), NOW)).isEmpty();
        assertThat(tokens.refreshSecret(tokens.refresh(alice, r), NOW.plus(Duration.ofDays(7)))).isEmpty();
        String foreign = new KirjaswappiTokens(DialectTestRings.hs256("x".repeat(32))).refresh(alice, r);
        assertThat(tokens.refreshSecret(foreign, NOW)).isEmpty();
        assertThat(tokens.refreshSecret("a.b.c", NOW)).isEmpty();
        assertThat(tokens.refreshSecret("", NOW)).isEmpty();
    }
}

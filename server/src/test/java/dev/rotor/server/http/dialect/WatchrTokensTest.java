package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.rotor.core.TestUsers;
import dev.rotor.core.token.IssuedRefresh;
import dev.rotor.core.token.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatchrTokensTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void accessTokenIsJwtWithSubIatExpSid() throws Exception {
        WatchrTokens tokens = new WatchrTokens(DialectTestRings.hs256("w".repeat(32)));
        Map<String, Object> c = SignedJWT.parse(tokens.access(TestUsers.alice(), "s1", NOW, Duration.ofMinutes(15)))
                .getPayload().toJSONObject();
        assertThat(c).containsOnlyKeys("sub", "iat", "exp", "sid").containsEntry("sub", "alice")
                .containsEntry("exp", NOW.getEpochSecond() + 900).containsEntry("sid", "s1");
    }

    @Test
    void refreshCookieValueRoundTripsAndRefusesNonCanonicalSpellings() {
        IssuedRefresh r = new IssuedRefresh(Secrets.random(32), NOW, NOW.plus(Duration.ofDays(7)));
        String value = WatchrTokens.refresh(r);
        assertThat(value).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(WatchrTokens.refreshSecret(value)).hasValueSatisfying(s -> assertThat(s).isEqualTo(r.secret()));
        String last = value.substring(42);
        String twin = value.substring(0, 42) + (char) (last.charAt(0) ^ 1);
        assertThat(WatchrTokens.refreshSecret(twin)).isEmpty();
        assertThat(WatchrTokens.refreshSecret(null)).isEmpty();
        assertThat(WatchrTokens.refreshSecret("a".repeat(44))).isEmpty();
        assertThat(WatchrTokens.refreshSecret("\r\n" + value.substring(2))).isEmpty();
    }
}

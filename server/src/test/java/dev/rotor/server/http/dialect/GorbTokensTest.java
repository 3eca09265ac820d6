package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.core.token.Secrets;
import org.junit.jupiter.api.Test;

class GorbTokensTest {

    @Test
    void refreshTokensAreSixtyFourLowercaseHexCharactersAndRoundTrip() {
        byte[] secret = Secrets.random(GorbTokens.REFRESH_BYTES);
        String token = GorbTokens.encode(secret);
        assertThat(token).matches("[0-9a-f]{64}");
        assertThat(GorbTokens.refreshSecret(token)).isEqualTo(secret);
    }

    @Test
    void accessTokensAreThirtyTwoLowercaseHexCharactersAndRoundTrip() {
        byte[] secret = Secrets.random(GorbTokens.ACCESS_BYTES);
        String token = GorbTokens.encode(secret);
        assertThat(token).matches("[0-9a-f]{32}");
        assertThat(GorbTokens.accessSecret(token)).isEqualTo(secret);
    }

    @Test
    void theSeedExamplesAreWellFormed() {
        assertThat(GorbTokens.refreshSecret("aeb343482fcee3a293e887f5dc840ea8b0fc6b54a26c2584a95a5bc91ff4a749"))
                .hasSize(32);
        assertThat(GorbTokens.accessSecret("85b2afece430e0e924f2d4277324c868")).hasSize(16);
    }

    @Test
    void anythingElseIsNotAToken() {
        String good = "aeb343482fcee3a293e887f5dc840ea8b0fc6b54a26c2584a95a5bc91ff4a749";
        assertThat(GorbTokens.refreshSecret(null)).isNull();
        assertThat(GorbTokens.refreshSecret("")).isNull();
        assertThat(GorbTokens.refreshSecret(good.toUpperCase())).isNull();
        assertThat(GorbTokens.refreshSecret(good.substring(1))).isNull();
        assertThat(GorbTokens.refreshSecret(good + "0")).isNull();
        assertThat(GorbTokens.refreshSecret(good.substring(1) + "g")).isNull();
        assertThat(GorbTokens.refreshSecret(good.substring(1) + "\u0661")).isNull(); // Arabic-Indic digit one
        assertThat(GorbTokens.accessSecret(good)).isNull();
        assertThat(GorbTokens.refreshSecret(good.substring(0, 32))).isNull();
    }
}

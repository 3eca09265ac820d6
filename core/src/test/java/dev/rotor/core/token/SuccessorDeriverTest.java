package dev.rotor.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SuccessorDeriverTest {

    private final SuccessorDeriver deriver = new SuccessorDeriver(new byte[32]);

    @Test
    void successorWhenSameSecretThenSameSuccessorOfSameLength() {
        byte[] secret = Secrets.random(16);
        assertThat(deriver.successorOf(secret)).isEqualTo(deriver.successorOf(secret)).hasSize(16);
        assertThat(deriver.successorOf(Secrets.random(32))).hasSize(32);
    }

    @Test
    void successorWhenKeyDiffersThenDifferentSuccessor() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 1);
        byte[] secret = Secrets.random(32);
        assertThat(new SuccessorDeriver(key).successorOf(secret)).isNotEqualTo(deriver.successorOf(secret));
        assertThat(deriver.successorOf(secret)).isNotEqualTo(secret);
    }

    @Test
    void successorWhenSecretTooShortOrKeyTooShortThenRefused() {
        assertThatThrownBy(() -> deriver.successorOf(new byte[8])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SuccessorDeriver(new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void successorWhenKnownKeyAndSecretThenHmacOfLabelAndSecretTruncated() {
        // HMAC-SHA256(key, "rotor refresh successor v1" || secret), cut to the secret's length; computed with
        // Python's hmac module. Run after another successor, so that no state carries over from one to the next.
        byte[] secret = new byte[32];
        for (int i = 0; i < 32; i++) {
            secret[i] = (byte) (i + 1);
        }
        deriver.successorOf(Secrets.random(32));
        assertThat(java.util.HexFormat.of().formatHex(deriver.successorOf(secret)))
                .isEqualTo("998bf019b0e38310a429c8324621c62df796272726d3b0602f30ad2b68be0781");
        assertThat(java.util.HexFormat.of().formatHex(deriver.successorOf(Arrays.copyOf(secret, 16))))
                .isEqualTo("81e86295eb6083aea9291e3cacc8924c");
    }

    @Test
    void hashWhenKnownInputThenSha256Base64Url() {
        TokenHash.of(Secrets.random(32)); // nothing carries over from one hash to the next
        // SHA-256("abc") from FIPS 180-2 Appendix B.1, base64url-encoded without padding.
        assertThat(TokenHash.of("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
    }
}

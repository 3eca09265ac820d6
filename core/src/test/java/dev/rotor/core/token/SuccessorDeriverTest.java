package dev.rotor.core.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SuccessorDeriverTest {

    /** 0x019abeb31a00 milliseconds: 2025-11-26T05:46:40Z. */
    private static final Instant ROTATED_AT = Instant.ofEpochMilli(1_764_136_000_000L);
    private final SuccessorDeriver deriver = new SuccessorDeriver(new byte[32]);

    @Test
    void successorWhenSameSecretThenSameSuccessorOfSameLength() {
        byte[] secret = Secrets.random(16);
        assertThat(deriver.successorOf(secret, ROTATED_AT)).isEqualTo(deriver.successorOf(secret, ROTATED_AT))
                .hasSize(16);
        assertThat(deriver.successorOf(Secrets.random(32), ROTATED_AT)).hasSize(32);
    }

    @Test
    void successorWhenKeyDiffersThenDifferentSuccessor() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 1);
        byte[] secret = Secrets.random(32);
        assertThat(new SuccessorDeriver(key).successorOf(secret, ROTATED_AT))
                .isNotEqualTo(deriver.successorOf(secret, ROTATED_AT));
        assertThat(deriver.successorOf(secret, ROTATED_AT)).isNotEqualTo(secret);
    }

    @Test
    void successorWhenSecretTooShortOrKeyTooShortThenRefused() {
        assertThatThrownBy(() -> deriver.successorOf(new byte[8], ROTATED_AT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SuccessorDeriver(new byte[8])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void successorWhenKnownKeyAndSecretThenHmacOfLabelAndSecretTruncated() {
        // The rotation's stamp (RefreshKey), then HMAC-SHA256(key, "rotor refresh successor v1" || secret) cut to the
        // rest of the secret's length; computed with Python's hmac module. Run after another successor, so that no
        // state carries over from one to the next.
        byte[] secret = new byte[32];
        for (int i = 0; i < 32; i++) {
            secret[i] = (byte) (i + 1);
        }
        deriver.successorOf(Secrets.random(32), ROTATED_AT);
        assertThat(java.util.HexFormat.of().formatHex(deriver.successorOf(secret, ROTATED_AT)))
                .isEqualTo("019abeb31a00" + "998bf019b0e38310a429c8324621c62df796272726d3b0602f30");
        assertThat(java.util.HexFormat.of().formatHex(deriver.successorOf(Arrays.copyOf(secret, 16), ROTATED_AT)))
                .isEqualTo("019abeb31a00" + "81e86295eb6083aea929");
    }

    @Test
    void successorWhenRetriedLaterWithRecordedRotationTimeThenSameSuccessor() {
        byte[] secret = RefreshKey.newSecret(32, ROTATED_AT.minusSeconds(60));
        byte[] first = deriver.successorOf(secret, ROTATED_AT);

        assertThat(deriver.successorOf(secret, ROTATED_AT)).isEqualTo(first);
        assertThat(HexFormat.of().formatHex(first, 0, RefreshKey.STAMP_BYTES)).isEqualTo("019abeb31a00");
        assertThat(deriver.successorOf(secret, ROTATED_AT.plusMillis(1))).isNotEqualTo(first);
    }

    @Test
    void hashWhenKnownInputThenSha256Base64Url() {
        TokenHash.of(Secrets.random(32)); // nothing carries over from one hash to the next
        // SHA-256("abc") from FIPS 180-2 Appendix B.1, base64url-encoded without padding.
        assertThat(TokenHash.of("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
    }
}

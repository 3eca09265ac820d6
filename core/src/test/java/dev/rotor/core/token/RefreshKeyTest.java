package dev.rotor.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RefreshKeyTest {

    private static final Instant ISSUED_AT = Instant.ofEpochMilli(1_764_136_000_000L); // 0x019abeb31a00

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {32, 16}) // an opaque token's, a jti's
    void newSecretThenStartsWithIssueMillisAndRestRandom(int bytes) {
        byte[] one = RefreshKey.newSecret(bytes, ISSUED_AT);
        byte[] two = RefreshKey.newSecret(bytes, ISSUED_AT);

        assertThat(HexFormat.of().formatHex(one, 0, RefreshKey.STAMP_BYTES)).isEqualTo("019abeb31a00");
        assertThat(one).hasSize(bytes);
        assertThat(Arrays.copyOfRange(one, RefreshKey.STAMP_BYTES, bytes))
                .isNotEqualTo(Arrays.copyOfRange(two, RefreshKey.STAMP_BYTES, bytes));
        assertThat(RefreshKey.of(one)).isEqualTo("019abeb31a00" + TokenHash.of(one));
    }

    @Test
    void keyWhenIssuedLaterThenSortsAfterEveryEarlierKey() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            keys.add(RefreshKey.of(RefreshKey.newSecret(i % 2 == 0 ? 32 : 16, ISSUED_AT.plusMillis(i))));
        }

        assertThat(keys).isSorted();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {32, 16})
    void findWhenTokenStoredUnderItsHashAloneThenFoundByTheSecondLookUp(int bytes) {
        byte[] issuedBeforeStamping = Secrets.random(bytes);
        Map<String, String> store = Map.of(TokenHash.of(issuedBeforeStamping), "record");
        List<String> asked = new ArrayList<>();

        Optional<String> found = RefreshKey.find(issuedBeforeStamping, key -> {
            asked.add(key);
            return Optional.ofNullable(store.get(key));
        });

        assertThat(found).contains("record");
        assertThat(asked).containsExactly(RefreshKey.of(issuedBeforeStamping), TokenHash.of(issuedBeforeStamping));
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {32, 16})
    void findWhenKeyFoundThenOneLookUp(int bytes) {
        byte[] stamped = RefreshKey.newSecret(bytes, ISSUED_AT);
        List<String> asked = new ArrayList<>();

        Optional<String> found = RefreshKey.find(stamped, key -> {
            asked.add(key);
            return Optional.of("record");
        });

        assertThat(found).contains("record");
        assertThat(asked).containsExactly(RefreshKey.of(stamped));
    }
}

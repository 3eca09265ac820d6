package dev.rotor.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RefreshKeyTest {

    private static final Instant ISSUED_AT = Instant.ofEpochMilli(1_764_136_000_000L); // 0x019abeb31a00

    @Test
    void newSecretWhenRoomForStampThenStartsWithIssueMillisAndRestRandom() {
        byte[] one = RefreshKey.newSecret(32, ISSUED_AT);
        byte[] two = RefreshKey.newSecret(32, ISSUED_AT);

        assertThat(HexFormat.of().formatHex(one, 0, RefreshKey.STAMP_BYTES)).isEqualTo("019abeb31a00");
        assertThat(one).hasSize(32).isNotEqualTo(two);
        assertThat(RefreshKey.of(one)).isEqualTo("019abeb31a00" + TokenHash.of(one));
    }

    @Test
    void newSecretWhenNoRoomForStampThenHashOnlyKey() {
        byte[] jti = RefreshKey.newSecret(16, ISSUED_AT);

        assertThat(RefreshKey.stamps(16)).isFalse();
        assertThat(RefreshKey.of(jti)).isEqualTo(TokenHash.of(jti));
    }

    @Test
    void keyWhenIssuedLaterThenSortsAfterEveryEarlierKey() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            keys.add(RefreshKey.of(RefreshKey.newSecret(32, ISSUED_AT.plusMillis(i))));
        }

        assertThat(keys).isSorted();
    }

    @Test
    void findWhenTokenStoredUnderItsHashAloneThenFoundByTheSecondLookUp() {
        byte[] issuedBeforeStamping = Secrets.random(32);
        Map<String, String> store = Map.of(TokenHash.of(issuedBeforeStamping), "record");
        List<String> asked = new ArrayList<>();

        Optional<String> found = RefreshKey.find(issuedBeforeStamping, key -> {
            asked.add(key);
            return Optional.ofNullable(store.get(key));
        });

        assertThat(found).contains("record");
        assertThat(asked).containsExactly(RefreshKey.of(issuedBeforeStamping), TokenHash.of(issuedBeforeStamping));
    }

    @Test
    void findWhenKeyFoundOrSecretUnstampedThenOneLookUp() {
        byte[] stamped = RefreshKey.newSecret(32, ISSUED_AT);
        byte[] jti = Secrets.random(16);
        List<String> asked = new ArrayList<>();

        RefreshKey.find(stamped, key -> {
            asked.add(key);
            return Optional.of("record");
        });
        RefreshKey.find(jti, key -> {
            asked.add(key);
            return Optional.empty();
        });

        assertThat(asked).containsExactly(RefreshKey.of(stamped), TokenHash.of(jti));
    }
}

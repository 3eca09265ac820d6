package dev.rotor.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.core.TestClock;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.rotor.core.store.memory.InMemoryStores;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyRingsTest {

    final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    final InMemoryStores store = new InMemoryStores();
    final KeyEncryption enc = new KeyEncryption(new byte[32], "test");
    final List<KeyRingConfig> configs = List.of(
            KeyRingConfig.generated("oauth2", JWSAlgorithm.EdDSA, true, Duration.ofHours(1)),
            KeyRingConfig.generated("hs", JWSAlgorithm.HS256, false, Duration.ofHours(1)));

    static final JWTClaimsSet CLAIMS = new JWTClaimsSet.Builder().subject("alice").build();

    @Test
    void openWhenStoreEmptyThenOneEncryptedKeyPerStoredPurpose() {
        KeyRings.open(store, enc, clock, configs);
        assertThat(store.all()).hasSize(2).allSatisfy(k -> {
            assertThat(new String(k.encryptedKey(), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .doesNotContain("\"kty\"");
            assertThat(k.signing()).isTrue();
        });
        KeyRings.open(store, enc, clock, configs); // a restart reuses them
        assertThat(store.all()).hasSize(2);
    }

    @Test
    void rotateKeepsOldKeyVerifyingAndInJwksUntilVerifyUntilThenPurged() throws Exception {
        KeyRings rings = KeyRings.open(store, enc, clock, configs);
        KeyRing ring = rings.ring("oauth2");
        String oldKid = ring.currentKid();
        String old = ring.sign(null, Map.of(), CLAIMS);
        String oldHs = rings.ring("hs").sign(null, Map.of(), CLAIMS);

        String newKid = rings.rotate("oauth2");
        rings.rotate("hs");
        assertThat(newKid).isNotEqualTo(oldKid).isEqualTo(ring.currentKid());
        assertThat(ring.verify(old, null).ok()).isTrue();
        assertThat(rings.ring("hs").verify(oldHs, null).ok()).isTrue(); // no kid: tries every key
        assertThat(JWKSet.parse(rings.jwks()).getKeys()).extracting(k -> k.getKeyID()).containsExactlyInAnyOrder(
                oldKid, newKid);

        clock.advance(Duration.ofMinutes(60).plus(KeyRings.OTHER_NODES_LAG).plusSeconds(1));
        assertThat(ring.verify(old, null).ok()).isFalse(); // past verifyUntil even before the purge
        assertThat(rings.maintain()).isEqualTo(2);
        assertThat(ring.verify(old, null).refusal()).isEqualTo("unknown key");
        assertThat(rings.ring("hs").verify(oldHs, null).ok()).isFalse();
        assertThat(JWKSet.parse(rings.jwks()).getKeys()).extracting(k -> k.getKeyID()).containsExactly(newKid);
        assertThat(ring.verify(ring.sign(null, Map.of(), CLAIMS), null).ok()).isTrue();
    }

    @Test
    void revokeAndRotateThenEveryEarlierKeyOfThePurposeStopsVerifyingAtOnceAndLeavesTheJwks() throws Exception {
        KeyRings rings = KeyRings.open(store, enc, clock, configs);
        KeyRing ring = rings.ring("oauth2");
        String first = ring.sign(null, Map.of(), CLAIMS);
        String firstKid = ring.currentKid();
        clock.advance(Duration.ofSeconds(1));
        rings.rotate("oauth2"); // the first key is retired but would verify for another hour
        String second = ring.sign(null, Map.of(), CLAIMS);
        String hs = rings.ring("hs").sign(null, Map.of(), CLAIMS);
        clock.advance(Duration.ofSeconds(1));

        String newKid = rings.revokeAndRotate("oauth2");

        assertThat(ring.verify(first, null).ok()).isFalse();
        assertThat(ring.verify(second, null).ok()).isFalse();
        assertThat(ring.verify(ring.sign(null, Map.of(), CLAIMS), null).ok()).isTrue();
        assertThat(ring.currentKid()).isEqualTo(newKid).isNotEqualTo(firstKid);
        assertThat(JWKSet.parse(rings.jwks()).getKeys()).extracting(k -> k.getKeyID()).containsExactly(newKid);
        assertThat(rings.ring("hs").verify(hs, null).ok()).isTrue(); // another purpose's keys are not touched
        assertThat(rings.list().stream().filter(k -> k.purpose().equals("oauth2")).map(KeyInfo::line))
                .filteredOn(line -> !line.startsWith(newKid))
                .hasSize(2).allMatch(line -> line.endsWith("verifies until " + clock.instant().minusMillis(1)));
        assertThat(rings.maintain()).isEqualTo(2);
    }

    @Test
    void revokeAndRotateOnANodeThenAnotherStopsVerifyingTheOldKeyAtItsNextReload() {
        KeyRings a = KeyRings.open(store, enc, clock, configs);
        KeyRings b = KeyRings.open(store, enc, clock, configs);
        String old = b.ring("oauth2").sign(null, Map.of(), CLAIMS);

        a.revokeAndRotate("oauth2");

        assertThat(b.ring("oauth2").verify(old, null).ok()).isTrue(); // until b re-reads the store…
        clock.advance(Duration.ofSeconds(30));
        b.maintain(); // …which it does every 30 s (Rotor.KEY_MAINTENANCE_EVERY)
        assertThat(b.ring("oauth2").verify(old, null).ok()).isFalse();
    }

    @Test
    void listAfterRotateThenOneLinePerKeySayingWhichSignsAndUntilWhenTheOldOneVerifies() {
        KeyRings rings = KeyRings.open(store, enc, clock, configs);
        String oldKid = rings.ring("oauth2").currentKid();
        clock.advance(Duration.ofSeconds(1));
        String newKid = rings.rotate("oauth2");

        Instant verifyUntil = clock.instant().plus(Duration.ofHours(1)).plus(KeyRings.OTHER_NODES_LAG);
        assertThat(rings.list().stream().filter(k -> k.purpose().equals("oauth2")).map(KeyInfo::line)).containsExactlyInAnyOrder(
                oldKid + "\toauth2\tEdDSA\t2030-01-01T00:00:00Z\tretired, verifies until " + verifyUntil,
                newKid + "\toauth2\tEdDSA\t2030-01-01T00:00:01Z\tsigns");
        // A key given by setting has no dates, and it always signs.
        assertThat(new KeyInfo("k", "duktig", "HS256", null, null, null, true, false).line())
                .isEqualTo("k\tduktig\tHS256\tfrom settings\tsigns");
    }

    @Test
    void listOnANodeThatHasNotReloadedSinceAnotherRotatedThenTheNewKeyOnlyVerifiesThere() {
        KeyRings a = KeyRings.open(store, enc, clock, configs);
        KeyRings b = KeyRings.open(store, enc, clock, configs);
        String oldKid = b.ring("oauth2").currentKid();
        clock.advance(Duration.ofSeconds(1));
        String newKid = a.rotate("oauth2");

        assertThat(b.list().stream().filter(k -> k.purpose().equals("oauth2")).map(k -> k.kid() + " " + k.line().substring(
                k.line().lastIndexOf('\t') + 1))).containsExactlyInAnyOrder(oldKid + " signs", newKid + " verifies");
    }

    @Test
    void rotateWhenAnotherNodeSignsWithTheOldKeyUntilItReloadsThenThoseTokensVerifyUntilTheyExpire() {
        KeyRings a = KeyRings.open(store, enc, clock, configs);
        KeyRings b = KeyRings.open(store, enc, clock, configs);
        a.rotate("oauth2");
        clock.advance(Duration.ofSeconds(29)); // b has not reached its periodic reload yet
        String late = b.ring("oauth2").sign(null, Map.of(), CLAIMS); // with the retired key, living 60 min
        clock.advance(Duration.ofMinutes(60).minusSeconds(1));
        assertThat(a.ring("oauth2").verify(late, null).ok()).isTrue();
    }

    @Test
    void reloadWhenAnotherNodeRotatedThenItsKeysVerify() {
        KeyRings a = KeyRings.open(store, enc, clock, configs);
        KeyRings b = KeyRings.open(store, enc, clock, configs);
        assertThat(b.ring("oauth2").verify(a.ring("oauth2").sign(null, Map.of(), CLAIMS), null).ok()).isTrue();
        a.rotate("oauth2");
        String fresh = a.ring("oauth2").sign(null, Map.of(), CLAIMS);
        // Within a second of its last reload, b does not re-read the store for an unknown kid…
        assertThat(b.ring("oauth2").verify(fresh, null).ok()).isFalse();
        b.reload();
        assertThat(b.ring("oauth2").verify(fresh, null).ok()).isTrue();
        assertThat(b.ring("oauth2").currentKid()).isEqualTo(a.ring("oauth2").currentKid());
    }

    @Test
    void verifyWhenKidRotatedOnAnotherNodeThenReloadsAndAcceptsAtOnce() {
        KeyRings a = KeyRings.open(store, enc, clock, configs);
        KeyRings b = KeyRings.open(store, enc, clock, configs);
        a.rotate("oauth2");
        String fresh = a.ring("oauth2").sign(null, Map.of(), CLAIMS);
        clock.advance(Duration.ofSeconds(1));

        // …but once a second has passed, the unknown kid makes it reload: no explicit reload() call needed.
        assertThat(b.ring("oauth2").verify(fresh, null).ok()).isTrue();
        assertThat(b.ring("oauth2").currentKid()).isEqualTo(a.ring("oauth2").currentKid());
    }

    @Test
    void openWhenConfiguredAlgorithmChangedThenNewKeyOldOneStillVerifies() {
        KeyRings before = KeyRings.open(store, enc, clock, configs);
        String old = before.ring("oauth2").sign(null, Map.of(), CLAIMS);
        KeyRings after = KeyRings.open(store, enc, clock, List.of(
                KeyRingConfig.generated("oauth2", JWSAlgorithm.ES256, true, Duration.ofHours(1))));
        assertThat(after.ring("oauth2").sign(null, Map.of(), CLAIMS)).startsWith("eyJhbGciOiJFUzI1NiI");
        assertThat(after.ring("oauth2").verify(old, null).ok()).isTrue();
    }

    @Test
    void openWhenMasterKeyDiffersThenClearError() {
        KeyRings.open(store, enc, clock, configs);
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> KeyRings.open(store, new KeyEncryption(other, "ROTOR_MASTER_KEY"), clock, configs))
                .isInstanceOf(KeyEncryption.KeyDecryptionException.class)
                .hasMessageContaining("different master key").hasMessageContaining("ROTOR_MASTER_KEY");
    }

    @Test
    void rotateWhenRingUsesConfiguredSecretThenRefused() {
        KeyRings rings = KeyRings.open(store, enc, clock,
                List.of(KeyRingConfig.sharedSecret("simplejwt", "s3cret", false, Duration.ofHours(1))));
        assertThatThrownBy(() -> rings.rotate("simplejwt")).isInstanceOf(IllegalStateException.class);
        assertThat(store.all()).isEmpty(); // configured secrets are never stored
        String kid = rings.ring("simplejwt").currentKid();
        assertThat(kid).isEqualTo(KeyRings.sharedKid("s3cret")).doesNotContain("s3cret");
    }
}

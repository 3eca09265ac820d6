package dev.rotor.server.crypto;

import dev.rotor.core.TestClock;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import dev.rotor.core.store.memory.InMemoryStores;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Arbitrary input to {@link KeyRing#verify} must give an answer, never an exception. Plain {@code mvn test} replays
 * the seeds in {@code JwtVerifyFuzzTestInputs/verify/}; run with {@code JAZZER_FUZZ=1} to fuzz.
 */
class JwtVerifyFuzzTest {

    private static final KeyRings RINGS = KeyRings.open(new InMemoryStores(), new KeyEncryption(new byte[32], "fuzz"),
            new TestClock(Instant.parse("2030-01-01T00:00:00Z")), List.of(
                    KeyRingConfig.sharedSecret("simplejwt", "fuzz-secret", false, Duration.ofDays(1)),
                    KeyRingConfig.generated("oauth2", JWSAlgorithm.EdDSA, true, Duration.ofDays(1))));

    @FuzzTest
    void verify(byte[] data) {
        String token = new String(data, StandardCharsets.UTF_8);
        for (String purpose : List.of("simplejwt", "oauth2")) {
            KeyRing ring = RINGS.ring(purpose);
            JwtCodec.Verification v1 = ring.verify(token, null);
            JwtCodec.Verification v2 = ring.verify(token, JOSEObjectType.JWT);
            if (v1 == null || v2 == null || (v1.ok() == (v1.refusal() != null))) {
                throw new IllegalStateException("verify answered nothing coherent");
            }
        }
    }
}

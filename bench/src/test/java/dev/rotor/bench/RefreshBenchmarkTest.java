package dev.rotor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.Test;

/** Keeps the JMH benchmark from rotting: its engine must refresh a chain of rotated tokens on the real store. */
class RefreshBenchmarkTest {

    @Test
    void refreshWhenChainedThenEveryTokenRotatesAndIsSigned() {
        for (JWSAlgorithm alg : new JWSAlgorithm[] {JWSAlgorithm.EdDSA, JWSAlgorithm.HS256}) {
            try (RefreshBenchmark.Engine engine = RefreshBenchmark.Engine.open(alg)) {
                byte[] secret = engine.startSession();
                for (int i = 0; i < 20; i++) {
                    RefreshBenchmark.Engine.Result r = engine.refresh(secret);
                    assertThat(r.nextSecret()).isNotEqualTo(secret);
                    assertThat(r.accessToken().split("\\.")).hasSize(3);
                    secret = r.nextSecret();
                }
            }
        }
    }
}

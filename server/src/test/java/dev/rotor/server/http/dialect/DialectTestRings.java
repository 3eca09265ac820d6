package dev.rotor.server.http.dialect;

import dev.rotor.core.store.memory.InMemoryStores;
import dev.rotor.server.crypto.JwtCodec;
import dev.rotor.server.crypto.KeyEncryption;
import dev.rotor.server.crypto.KeyRingConfig;
import dev.rotor.server.crypto.KeyRings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Real HS256 key rings (shared secret, no {@code kid}) over InMemoryStores, for the kirjaswappi/duktig/watchr unit tests. */
final class DialectTestRings {

    private DialectTestRings() {
    }

    static JwtCodec hs256(String secret) {
        return KeyRings.open(new InMemoryStores(), new KeyEncryption(new byte[32], "test"), Clock.systemUTC(),
                List.of(KeyRingConfig.sharedSecret("test", secret, false, Duration.ofDays(400)))).ring("test");
    }
}

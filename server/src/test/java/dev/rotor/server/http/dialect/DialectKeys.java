package dev.rotor.server.http.dialect;

import dev.rotor.core.store.memory.InMemoryStores;
import dev.rotor.server.config.Settings;
import dev.rotor.server.cli.KeyRingKeys;
import dev.rotor.server.crypto.KeyEncryption;
import dev.rotor.server.crypto.KeyRings;
import dev.rotor.server.http.KeySource;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** The production key rings ({@link Dialects#keyRings}) over InMemoryStores, as a {@link KeySource} for TestServer. */
final class DialectKeys {

    private DialectKeys() {
    }

    /** {@code settings} as given to TestServer (it adds ROTOR_PORT and the oauth2 issuer, which no ring depends on). */
    static Function<Clock, KeySource> real(Map<String, String> settings) {
        return clock -> {
            Map<String, String> values = new HashMap<>(settings);
            values.putIfAbsent("ROTOR_PORT", "0");
            KeyRings rings = KeyRings.open(new InMemoryStores(), new KeyEncryption(new byte[32], "test"), clock,
                    Dialects.keyRings(Settings.from(values)));
            return new KeyRingKeys(rings);
        };
    }
}

package dev.rotor.server.hardening;

import dev.rotor.core.token.Secrets;
import dev.rotor.server.config.Settings;
import dev.rotor.server.cli.KeyRingKeys;
import dev.rotor.server.crypto.KeyEncryption;
import dev.rotor.server.crypto.KeyRings;
import dev.rotor.server.http.KeySource;
import dev.rotor.server.http.dialect.Dialects;
import dev.rotor.server.http.support.TestServer;

/** The key rings production opens ({@link Dialects#keyRings}), over a test server's stores: attacks meet real code. */
final class ProductionKeys {

    private ProductionKeys() {
    }

    static KeySource open(Settings settings, TestServer server) {
        KeyRings rings = KeyRings.open(server.stores.keys(), new KeyEncryption(Secrets.random(32), "test"),
                server.clock, Dialects.keyRings(settings));
        return new KeyRingKeys(rings);
    }
}

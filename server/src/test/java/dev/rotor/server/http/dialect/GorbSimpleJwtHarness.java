package dev.rotor.server.http.dialect;

import dev.rotor.core.PlainPasswords;
import dev.rotor.core.TestClock;
import dev.rotor.core.TestUsers;
import dev.rotor.core.session.SessionService;
import dev.rotor.core.store.Client;
import dev.rotor.core.store.User;
import dev.rotor.core.store.memory.InMemoryStores;
import dev.rotor.core.token.Secrets;
import dev.rotor.server.Rotor;
import dev.rotor.server.config.Settings;
import dev.rotor.server.cli.KeyRingKeys;
import dev.rotor.server.crypto.KeyEncryption;
import dev.rotor.server.crypto.KeyRings;
import dev.rotor.server.http.KeySource;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole Rotor (its composition root) with the gorb, simplejwt and oauth2 dialects on a random loopback port, over in-memory stores
 * and a hand-moved clock, with fixture users: alice (id 1, password "secret"), bob (id 2, disabled). The simplejwt
 * key ring is HS256 with {@link #SIMPLEJWT_KEY} and no kid, as a Django SIGNING_KEY.
 */
final class GorbSimpleJwtHarness implements AutoCloseable {

    static final String SIMPLEJWT_KEY = "rotor-test-simplejwt-signing-key-0123456789";
    static final String PASSWORD = "secret";
    static final String CLIENT_ID = "resource-server";
    static final String CLIENT_SECRET = "rs-secret";

    final TestClock clock;
    final InMemoryStores stores = new InMemoryStores();
    final PlainPasswords passwords = new PlainPasswords();
    final SessionService sessions;
    final Settings settings;
    private final Rotor rotor;

    GorbSimpleJwtHarness(Map<String, String> extraSettings) {
        this(extraSettings, Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** With the clock starting at {@code start} (the interop test needs real time: Django checks exp). */
    GorbSimpleJwtHarness(Map<String, String> extraSettings, Instant start) {
        clock = new TestClock(start);
        Map<String, String> values = new HashMap<>();
        values.put("ROTOR_PORT", "0");
        values.put("ROTOR_DIALECTS", "oauth2,gorb,simplejwt");
        values.put("ROTOR_SIMPLEJWT_SIGNING_KEY", SIMPLEJWT_KEY);
        values.putAll(extraSettings);
        settings = Settings.from(values);
        stores.users().add(TestUsers.alice().withPasswordHash("plain:" + PASSWORD));
        stores.users().add(TestUsers.bob().withPasswordHash("plain:" + PASSWORD).withActive(false));
        stores.clients().add(new Client(CLIENT_ID, "plain:" + CLIENT_SECRET, clock.instant()));
        // The rings production opens (Dialects.keyRings), from the crypto package's real KeyRings.
        KeyRings rings = KeyRings.open(stores.keys(), new KeyEncryption(Secrets.random(32), "test"), clock,
                Dialects.keyRings(settings));
        KeySource keys = new KeyRingKeys(rings);
        rotor = Rotor.start(new Rotor.Parts(settings, clock, stores, keys, passwords, Secrets.random(32), () -> { }));
        sessions = rotor.services().sessions();
    }

    String base() {
        return "http://127.0.0.1:" + rotor.port();
    }

    void addUser(User user) {
        stores.users().add(user);
    }

    @Override
    public void close() {
        rotor.close();
    }
}

package dev.rotor.server.http.support;

import dev.rotor.core.login.PasswordHasher;
import dev.rotor.core.store.Client;
import dev.rotor.core.store.Stores;
import dev.rotor.core.store.User;
import dev.rotor.core.store.memory.InMemoryStores;
import dev.rotor.server.Rotor;
import dev.rotor.server.config.Settings;
import dev.rotor.server.http.KeySource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A whole Rotor on a random port over InMemoryStores (or other stores given), with test keys, fake password hashing
 * and a mutable clock.
 */
public final class TestServer implements AutoCloseable {

    public final Stores stores;
    public final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    public final FakePasswords passwords = new FakePasswords();
    public final Rotor rotor;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TestServer(Map<String, String> settings) {
        this(settings, clock -> new TestKeys());
    }

    /** With other keys than {@link TestKeys}, e.g. the real key rings the dialects declare; built on the test clock. */
    public TestServer(Map<String, String> settings, Function<Clock, KeySource> keys) {
        this(settings, null, null, (parsed, server) -> keys.apply(server.clock));
    }

    /** With a real password hasher (e.g. Argon2id for timing tests) instead of {@link #passwords}; null = fake. */
    public TestServer(Map<String, String> settings, PasswordHasher hasher) {
        this(settings, hasher, null);
    }

    /** As above, with the HTTP idle timeout shortened (null = the default 30 s), for slow-client tests. */
    public TestServer(Map<String, String> settings, PasswordHasher hasher, Duration idleTimeout) {
        this(settings, hasher, idleTimeout, null);
    }

    /** As above, with other keys than {@link TestKeys} (null = TestKeys), e.g. the production key rings
     * built over this server's {@link #stores} and {@link #clock}. */
    public TestServer(Map<String, String> settings, PasswordHasher hasher, Duration idleTimeout,
                      java.util.function.BiFunction<Settings, TestServer, KeySource> keys) {
        this(settings, hasher, idleTimeout, keys, new InMemoryStores());
    }

    /** Over other stores than InMemoryStores (the embedded SQLite store, say), closed with the server. */
    public TestServer(Map<String, String> settings, Stores stores) {
        this(settings, null, null, null, stores);
    }

    private TestServer(Map<String, String> settings, PasswordHasher hasher, Duration idleTimeout,
                       java.util.function.BiFunction<Settings, TestServer, KeySource> keys, Stores stores) {
        this.stores = stores;
        Map<String, String> values = new HashMap<>(Map.of("ROTOR_PORT", "0", "ROTOR_OAUTH2_ISSUER", "https://rotor.test"));
        values.putAll(settings);
        Settings parsed = Settings.from(values);
        Rotor.Parts parts = new Rotor.Parts(parsed, clock, stores, keys == null ? new TestKeys() : keys.apply(parsed, this),
                hasher == null ? passwords : hasher, new byte[32], stores::close);
        rotor = Rotor.start(idleTimeout == null ? parts : parts.withIdleTimeout(idleTimeout));
        Instant t = clock.instant();
        stores.users().add(new User("u1", "alice", "alice@example.com", "Alice", "A", "user", true, "plain:wonderland", t,
                null));
        stores.clients().add(new Client("app", "plain:s3cret", t));
        stores.clients().add(new Client("spa", null, t));
    }

    public TestServer() {
        this(Map.of());
    }

    public String url(String path) {
        return "http://127.0.0.1:" + rotor.port() + path;
    }

    public HttpResponse<String> postForm(String path, String form, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpClient client() {
        return client;
    }

    @Override
    public void close() {
        rotor.close();
    }
}

package dev.rotor.server.http.support;

import dev.rotor.server.crypto.JwtCodec;
import dev.rotor.server.http.KeySource;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One HS256 ring per purpose, keyed from the purpose name: enough for HTTP tests. */
public final class TestKeys implements KeySource {

    private final Map<String, JwtCodec> rings = new ConcurrentHashMap<>();

    @Override
    public JwtCodec ring(String purpose) {
        return rings.computeIfAbsent(purpose, p ->
                new TestJwtCodec(("test-key-for-" + p + "-0123456789abcdef0123456789").getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String jwks() {
        return "{\"keys\":[]}";
    }

    @Override
    public boolean loaded() {
        return true;
    }
}

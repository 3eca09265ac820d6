package dev.rotor.server.http.dialect;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Fuzz targets for kirjaswappi: request bodies of both endpoints and refresh-token parsing. Seeds live in
 * {@code src/test/resources/dev/rotor/server/http/dialect/KirjaswappiFuzzTestInputs/<method>/}, replayed by {@code mvn test}.
 */
class KirjaswappiFuzzTest {

    private static final DialectFixture F = new DialectFixture();

    @FuzzTest
    void loginBody(byte[] input) {
        DialectFixture.check(F.kirjaswappi.handle(DialectFixture.post("/api/v1/authenticate", input)), input);
    }

    @FuzzTest
    void refreshBody(byte[] input) {
        DialectFixture.check(F.kirjaswappi.handle(DialectFixture.post("/api/v1/authenticate/refresh", input)), input);
    }

    /** A token not signed by the ring is never accepted; a jti is accepted only in canonical base64url. */
    @FuzzTest
    void refreshToken(byte[] input) {
        String token = new String(input, StandardCharsets.ISO_8859_1);
        if (F.kirjaswappiTokens.refreshSecret(token, F.clock.instant()).isPresent()) {
            throw new AssertionError("accepted an unsigned token: " + token);
        }
        KirjaswappiTokens.decodeSecret(token).ifPresent(secret -> {
            if (!Base64.getUrlEncoder().withoutPadding().encodeToString(secret).equals(token)) {
                throw new AssertionError("accepted a non-canonical jti: " + token);
            }
        });
    }
}

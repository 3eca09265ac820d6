package dev.rotor.server.http.dialect;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets for duktig: the login body, the {@code Refresh-Token} and {@code X-Auth-Key} headers and refresh-token
 * parsing. Seeds live in {@code src/test/resources/dev/rotor/server/http/dialect/DuktigFuzzTestInputs/<method>/}.
 */
class DuktigFuzzTest {

    private static final DialectFixture F = new DialectFixture();

    @FuzzTest
    void loginBody(byte[] input) {
        DialectFixture.check(F.duktig.handle(DialectFixture.post("/auth/token", input, "X-Auth-Key", "k3y")), input);
    }

    @FuzzTest
    void refreshHeader(byte[] input) {
        String value = new String(input, StandardCharsets.ISO_8859_1);
        DialectFixture.check(F.duktig.handle(DialectFixture.post("/auth/refresh_token", input, "Refresh-Token", value)), input);
    }

    @FuzzTest
    void authKeyHeader(byte[] input) {
        String value = new String(input, StandardCharsets.ISO_8859_1);
        DialectFixture.check(F.duktig.handle(DialectFixture.post("/auth/token",
                "{\"email\":\"alice@example.com\",\"password\":\"x\"}".getBytes(StandardCharsets.UTF_8), "X-Auth-Key", value)), input);
    }

    /** A token not signed by the refresh ring is never accepted. */
    @FuzzTest
    void refreshToken(byte[] input) {
        String token = new String(input, StandardCharsets.ISO_8859_1);
        if (F.duktigTokens.refreshSecret(token, F.clock.instant()).isPresent()) {
            throw new AssertionError("accepted an unsigned token: " + token);
        }
    }
}

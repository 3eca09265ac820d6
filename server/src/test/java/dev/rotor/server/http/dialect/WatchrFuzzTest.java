package dev.rotor.server.http.dialect;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Fuzz targets for watchr: the login form, the {@code Cookie} and {@code Origin} headers and the refresh cookie's
 * value. Seeds live in {@code src/test/resources/dev/rotor/server/http/dialect/WatchrFuzzTestInputs/<method>/}.
 */
class WatchrFuzzTest {

    private static final DialectFixture F = new DialectFixture();

    @FuzzTest
    void loginForm(byte[] input) {
        DialectFixture.check(F.watchr.handle(DialectFixture.post("/auth/login", input,
                "Content-Type", "application/x-www-form-urlencoded")), input);
    }

    @FuzzTest
    void cookieHeader(byte[] input) {
        String value = new String(input, StandardCharsets.ISO_8859_1);
        DialectFixture.check(F.watchr.handle(DialectFixture.post("/auth/refresh", new byte[0], "Cookie", value)), input);
        DialectFixture.check(F.watchr.handle(DialectFixture.post("/auth/logout", new byte[0], "Cookie", value)), input);
    }

    @FuzzTest
    void originHeader(byte[] input) {
        String value = new String(input, StandardCharsets.ISO_8859_1);
        DialectFixture.check(F.watchr.handle(DialectFixture.post("/auth/refresh", new byte[0],
                "Cookie", "refresh_token=x", "Origin", value, "Host", "127.0.0.1:8080")), input);
    }

    /** The cookie value is accepted only in canonical base64url. */
    @FuzzTest
    void refreshCookie(byte[] input) {
        String value = new String(input, StandardCharsets.ISO_8859_1);
        WatchrTokens.refreshSecret(value).ifPresent(secret -> {
            if (!Base64.getUrlEncoder().withoutPadding().encodeToString(secret).equals(value)) {
                throw new AssertionError("accepted a non-canonical cookie: " + value);
            }
        });
    }
}

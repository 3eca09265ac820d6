package dev.rotor.server.http.dialect;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rotor.server.http.dialect.KirjaswappiDialect.Reply;
import dev.rotor.server.http.dialect.KirjaswappiDialect.Request;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzz targets for watchr: the login form, the {@code Cookie} and {@code Origin} headers, a CORS preflight's headers
 * and the refresh cookie's value. Seeds live in {@code src/test/resources/dev/rotor/server/http/dialect/WatchrFuzzTestInputs/<method>/}.
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

    /**
     * A CORS preflight whose origin, requested method and requested headers are the input's first three lines: it
     * never fails, and it is granted only to the allowed origin, named back exactly.
     */
    @FuzzTest
    void preflightHeaders(byte[] input) {
        String[] lines = (new String(input, StandardCharsets.ISO_8859_1) + "\n\n").split("\n", 3);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Origin", List.of(lines[0]));
        headers.put("Access-Control-Request-Method", List.of(lines[1]));
        headers.put("Access-Control-Request-Headers", List.of(lines[2]));
        Reply reply = F.watchr.preflight(new Request("OPTIONS", "/auth/refresh", headers, new byte[0]));
        DialectFixture.check(reply, input);
        List<String> allowed = reply.headers().get("Access-Control-Allow-Origin");
        if (reply.status() == 204 ? !List.of("https://app.example").equals(allowed) : allowed != null) {
            throw new AssertionError(reply.status() + " " + allowed + " for " + Arrays.toString(input));
        }
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

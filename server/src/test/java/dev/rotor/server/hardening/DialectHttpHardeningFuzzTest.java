package dev.rotor.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rotor.server.http.support.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes every dialect's request parsing end to end: the input picks an endpoint, a content type and which token
 * carrying headers to send (Authorization, Refresh-Token, Cookie, Origin, X-Auth-Key), and supplies the header value
 * and the body. The server, with the production key rings, must answer every request with a status below 500 within a
 * few seconds (no crash, no 5xx, no hang) and keep serving. Seeds in {@code DialectHttpHardeningFuzzTestInputs/} run
 * in {@code mvn verify}; {@code -Pfuzz} fuzzes (docs/fuzzing.md).
 *
 * <p>Input layout: byte 0 = endpoint, byte 1 = content type, byte 2 = header bit set, then the header value up to the
 * first newline, then the body.
 */
class DialectHttpHardeningFuzzTest {

    static final List<String> ENDPOINTS = List.of(
            "/oauth2/token", "/oauth2/revoke", "/oauth2/introspect",
            "/v1/auth/login", "/v1/auth/refresh", "/v1/auth/revoke", "/v1/auth/register",
            "/api/token/", "/api/token/refresh/", "/api/token/verify/", "/api/token/blacklist/", "/api/token/refresh",
            "/api/v1/authenticate", "/api/v1/authenticate/refresh",
            "/auth/token", "/auth/refresh_token",
            "/auth/login", "/auth/refresh", "/auth/logout");
    static final List<String> TYPES = List.of("application/json", "application/x-www-form-urlencoded", "text/plain",
            "application/json; charset=latin1", "multipart/form-data; boundary=x", "");
    static final List<String> HEADERS = List.of("Authorization", "Refresh-Token", "Cookie", "Origin", "X-Auth-Key");

    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(Map.of("ROTOR_OAUTH2_PASSWORD_GRANT", "true", "ROTOR_GORB_REGISTRATION", "true",
                "ROTOR_SIMPLEJWT_SIGNING_KEY", JwtAttackHardeningTest.SIMPLEJWT_KEY), null, null, ProductionKeys::open);
    }

    /**
     * Jazzer's SSRF detector: connecting to the server under test is the point; any other connection (a jku fetch,
     * say) is still a finding. Set at every call, from the fuzzing thread, once Jazzer's agent is in place.
     */
    private static void allowOnlyTheServer() {
        int port = server.rotor.port();
        try {
            BugDetectors.allowNetworkConnections((host, p) -> p == port
                    && (host.equals("127.0.0.1") || host.equals("localhost")));
        } catch (IllegalStateException e) {
            // no sanitizers loaded (plain regression run): nothing to configure
        }
    }

    @FuzzTest(maxDuration = "60s")
    void requests(byte[] input) throws IOException {
        allowOnlyTheServer();
        if (input.length < 3) {
            return;
        }
        String path = ENDPOINTS.get(Byte.toUnsignedInt(input[0]) % ENDPOINTS.size());
        String type = TYPES.get(Byte.toUnsignedInt(input[1]) % TYPES.size());
        int headerBits = input[2];
        int newline = indexOf(input, 3, (byte) '\n');
        String headerValue = sanitize(new String(input, 3, newline - 3, StandardCharsets.ISO_8859_1));
        byte[] body = newline < input.length ? Arrays.copyOfRange(input, newline + 1, input.length) : new byte[0];

        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
        if (!type.isEmpty()) {
            head.append("Content-Type: ").append(type).append("\r\n");
        }
        for (int i = 0; i < HEADERS.size(); i++) {
            if ((headerBits & (1 << i)) != 0) {
                String name = HEADERS.get(i);
                String value = name.equals("Cookie") ? "refresh_token=" + headerValue : headerValue;
                head.append(name).append(": ").append(value).append("\r\n");
            }
        }
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        int status = exchange(head.toString().getBytes(StandardCharsets.ISO_8859_1), body);
        assertThat(status).as("%s %s", path, type).isBetween(200, 499);
    }

    /** Sends one request on a fresh connection; the status code of the answer (a hang fails after 5 s). */
    static int exchange(byte[] head, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.rotor.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(head);
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            byte[] status = in.readNBytes(12);
            String line = new String(status, StandardCharsets.ISO_8859_1);
            assertThat(line).as("an HTTP answer").startsWith("HTTP/1.1 ");
            return Integer.parseInt(line.substring(9, 12));
        }
    }

    private static int indexOf(byte[] a, int from, byte b) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return a.length;
    }

    /** Header values cannot carry CR/LF (that would be another request, not another value); the rest is kept. */
    private static String sanitize(String v) {
        return v.replace('\r', ' ').replace('\n', ' ').strip();
    }
}

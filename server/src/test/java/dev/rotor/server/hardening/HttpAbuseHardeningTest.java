package dev.rotor.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.server.http.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP abuse over raw sockets: oversized bodies, header floods, slow clients, thousands of idle connections, broken
 * percent-encoding and UTF-8. Each gets a 4xx (or a closed connection), never a 5xx, and the server keeps serving.
 */
@Timeout(120)
class HttpAbuseHardeningTest {

    static final Duration IDLE = Duration.ofMillis(1500);
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(Map.of("ROTOR_OAUTH2_PASSWORD_GRANT", "true"), null, IDLE);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A request written as-is; returns what the server answered until it closed or went quiet for 3 s. */
    static String raw(String head, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.rotor.port())) {
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return readAll(s.getInputStream());
        }
    }

    static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                got.write(buf, 0, n);
                if (got.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n") && complete(got.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // answer (if any) is what we have
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    private static boolean complete(String response) {
        int end = response.indexOf("\r\n\r\n");
        String head = response.substring(0, end).toLowerCase();
        int i = head.indexOf("content-length:");
        if (i < 0) {
            return true;
        }
        int len = Integer.parseInt(head.substring(i + 15, head.indexOf('\n', i) < 0 ? head.length() : head.indexOf('\n', i)).trim());
        return response.length() - end - 4 >= len;
    }

    static int status(String response) {
        assertThat(response).as("an HTTP answer").startsWith("HTTP/1.1 ");
        return Integer.parseInt(response.substring(9, 12));
    }

    static String post(String path, String contentType, byte[] body) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
    }

    static void stillServes() throws IOException {
        assertThat(status(raw("GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", new byte[0])))
                .isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/oauth2/token", "/v1/auth/refresh", "/api/token/refresh/"})
    void hugeDeclaredBodyIsRefusedWith413WithoutBeingRead(String path) throws IOException {
        long t0 = System.nanoTime();
        // 10 MB announced, 100 bytes sent: the answer must come without the rest.
        String response = raw("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 10000000\r\n\r\n", "{\"refresh\":\"".concat("a".repeat(88)).getBytes(StandardCharsets.US_ASCII));
        assertThat(status(response)).isEqualTo(413);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2500));
        stillServes();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/oauth2/token", "/auth/token", "/api/token/refresh/"})
    void declaredBodyOverTheCapIsReadToItsEndBeforeThe413SoTheClientGetsIt(String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.rotor.port())) {
            assertThat(status(answerToABodySentInTwoParts(s, path, 70_000))).isEqualTo(413);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/no/such/path", "/oauth2/token", "/v1/auth/refresh"})
    void bodyThatNoHandlerReadsIsReadBeforeTheAnswerAndTheConnectionStaysOpen(String path) throws IOException {
        // 404 for an unknown path; the others refuse a JSON body by its content type or a missing header alone.
        try (Socket s = new Socket("127.0.0.1", server.rotor.port())) {
            assertThat(status(answerToABodySentInTwoParts(s, path, 2_000))).isBetween(400, 499);
            s.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(status(readAll(s.getInputStream()))).isEqualTo(200);
        }
    }

    /**
     * Sends a JSON POST of {@code size} bytes in two parts, checks that nothing is answered before the second (an
     * answer then would race our later bytes, and a close after it would reset them), and returns the answer.
     */
    static String answerToABodySentInTwoParts(Socket s, String path, int size) throws IOException {
        byte[] body = "a".repeat(size).getBytes(StandardCharsets.US_ASCII);
        OutputStream out = s.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body, 0, 1000);
        out.flush();
        s.setSoTimeout(300);
        assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        out.write(body, 1000, body.length - 1000);
        out.flush();
        s.setSoTimeout(3000);
        return readAll(s.getInputStream());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/oauth2/token", "/v1/auth/refresh", "/api/token/refresh/"})
    void chunkedBodyOverTheCapIsRefusedWith413(String path) throws IOException {
        String type = path.startsWith("/oauth2") ? "application/x-www-form-urlencoded" : "application/json";
        StringBuilder chunks = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            chunks.append("1000\r\n").append("a".repeat(4096)).append("\r\n"); // 80 KiB in all
        }
        chunks.append("0\r\n\r\n");
        String response = raw("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type + "\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n", chunks.toString().getBytes(StandardCharsets.US_ASCII));
        assertThat(status(response)).isEqualTo(413);
        stillServes();
    }

    @Test
    void bodyOfExactlyTheCapIsNotRefusedAsTooLarge() throws IOException {
        byte[] body = ("grant_type=x&pad=" + "a".repeat(64 * 1024 - 17)).getBytes(StandardCharsets.US_ASCII);
        assertThat(body).hasSize(64 * 1024);
        String response = raw(post("/oauth2/token", "application/x-www-form-urlencoded", body), body);
        assertThat(status(response)).isBetween(400, 499).isNotEqualTo(413);
    }

    @Test
    void headerFloodIsRefusedAndTheServerKeepsServing() throws IOException {
        StringBuilder many = new StringBuilder("GET /health/live HTTP/1.1\r\nHost: localhost\r\n");
        for (int i = 0; i < 2000; i++) {
            many.append("X-Flood-").append(i).append(": ").append("v".repeat(20)).append("\r\n");
        }
        String response = raw(many.append("\r\n").toString(), new byte[0]);
        assertThat(response.isEmpty() || status(response) == 431).as(response).isTrue();
        String oneHuge = raw("GET /health/live HTTP/1.1\r\nHost: localhost\r\nCookie: " + "c".repeat(40_000) + "\r\n\r\n",
                new byte[0]);
        assertThat(oneHuge.isEmpty() || status(oneHuge) == 431).as(oneHuge).isTrue();
        stillServes();
    }

    @Test
    void slowClientIsClosedAfterTheIdleTimeoutWhileOthersAreServed() throws Exception {
        try (Socket slow = new Socket("127.0.0.1", server.rotor.port())) {
            slow.getOutputStream().write("POST /oauth2/token HTTP/1.1\r\nHost: localhost\r\nContent-Le"
                    .getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();
            long t0 = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                stillServes(); // others are served while the slow one hangs
            }
            slow.setSoTimeout((int) IDLE.toMillis() + 10_000);
            String answer = readAll(slow.getInputStream()); // returns when the server closes the connection
            Duration waited = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(answer.isEmpty() || status(answer) >= 400).as(answer).isTrue();
            assertThat(waited).isGreaterThanOrEqualTo(IDLE.minusMillis(200)).isLessThan(IDLE.plusSeconds(8));
            assertThat(slow.getInputStream().read()).as("closed by the server").isEqualTo(-1);
        }
        stillServes();
    }

    @Test
    void twoThousandIdleConnectionsDoNotStopService() throws IOException {
        List<Socket> idle = new ArrayList<>();
        // The default 30 s idle timeout here, so that the 2,000 connections really stay open meanwhile.
        try (TestServer patient = new TestServer(Map.of("ROTOR_OAUTH2_PASSWORD_GRANT", "true"))) {
            for (int i = 0; i < 2000; i++) {
                Socket s = new Socket("127.0.0.1", patient.rotor.port());
                s.getOutputStream().write("GET /health/li".getBytes(StandardCharsets.US_ASCII)); // half a request
                idle.add(s);
            }
            HttpResponse<String> r = patient.postForm("/oauth2/token",
                    "grant_type=password&client_id=spa&username=alice&password=wonderland");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(idle.get(0).isClosed()).isFalse();
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "grant_type=refresh_token&refresh_token=%",
        "grant_type=refresh_token&refresh_token=%G1",
        "grant_type=refresh_token&refresh_token=%4",
        "grant_type=refresh_token&refresh_token=%C3%28",
        "grant_type=refresh_token&refresh_token=%ED%A0%80",
        "grant_type=refresh_token&refresh_token=%F4%90%80%80",
        "grant_type=refresh_token&refresh_token=%C0%AF",
        "grant_type=refresh_token&client_id=spa&refresh_token=%00",
        "grant_type%=refresh_token",
        "=&&==&%%%",
        "grant_type=password&username=%FF&password=%FE&client_id=spa",
        "grant_type=refresh_token&grant_type=refresh_token&refresh_token=a",
    })
    void malformedFormEncodingGetsA400(String form) throws IOException {
        byte[] body = form.getBytes(StandardCharsets.US_ASCII);
        String response = raw(post("/oauth2/token", "application/x-www-form-urlencoded", body), body);
        assertThat(status(response)).as(response).isEqualTo(400);
    }

    @Test
    void rawInvalidUtf8BytesInFormAndJsonBodiesGet4xxNot5xx() throws IOException {
        byte[][] bodies = {
            {'g', 'r', 'a', 'n', 't', '_', 't', 'y', 'p', 'e', '=', (byte) 0xC3, (byte) 0x28},
            {'{', '"', 'r', 'e', 'f', 'r', 'e', 's', 'h', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'},
            {'{', '"', 'r', 'e', 'f', 'r', 'e', 's', 'h', '_', 't', 'o', 'k', 'e', 'n', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'},
        };
        for (String path : List.of("/oauth2/token", "/v1/auth/refresh", "/api/token/refresh/", "/v1/auth/login", "/api/token/")) {
            for (byte[] body : bodies) {
                for (String type : List.of("application/x-www-form-urlencoded", "application/json")) {
                    String response = raw(post(path, type, body), body);
                    assertThat(status(response)).as("%s %s: %s", path, type, response).isBetween(400, 499);
                }
            }
        }
        stillServes();
    }
}

package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.server.http.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Malformed input over real HTTP against kirjaswappi, duktig and watchr: wrong types, unicode, 10k-character strings,
 * duplicate keys, arrays, null, deep nesting, invalid UTF-8, huge bodies, odd headers. Never a 5xx, never a stack
 * trace, always the dialect's JSON.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KirjaswappiDuktigWatchrMalformedTest {

    private static final String LONG = "a".repeat(10_000);
    private static final String UNICODE = "ü\u0000\\u0000\ud83d\ude00\u202e\uFEFFé\u00ad";
    /** What can stand in a header line at all: UTF-8 bytes, but no control characters (the HTTP parser refuses those). */
    private static final String HEADER_UNICODE = "ü\\u0000\ud83d\ude00\u202e\uFEFFé\u00ad";

    private final TestServer server = new TestServer();
    private final String kirjaswappiRefresh = KirjaswappiWireTest.login(server)[0];
    private final String duktigRefresh = DuktigWireTest.login(server, null)[0];
    private final String watchrRefresh = WatchrWireTest.login(server)[0];

    @AfterAll
    void stop() {
        server.close();
    }

    static List<String> jsonBodies(String a, String b) {
        List<String> bodies = new ArrayList<>(List.of(
                "", " ", "null", "[]", "[{}]", "\"" + a + "\"", "1", "true", "{", "{}", "{\"" + a + "\":}", "{}{}", "{} x",
                "{\"" + a + "\":1,\"" + b + "\":2}",
                "{\"" + a + "\":true,\"" + b + "\":false}",
                "{\"" + a + "\":null,\"" + b + "\":null}",
                "{\"" + a + "\":[],\"" + b + "\":{}}",
                "{\"" + a + "\":[\"x\"],\"" + b + "\":[\"y\"]}",
                "{\"" + a + "\":1e999999,\"" + b + "\":-0}",
                "{\"" + a + "\":\"" + UNICODE + "\",\"" + b + "\":\"" + UNICODE + "\"}",
                "{\"" + a + "\":\"" + LONG + "\",\"" + b + "\":\"" + LONG + "\"}",
                "{\"" + a + "\":\"x\",\"" + a + "\":\"y\",\"" + b + "\":\"z\"}",
                "{\"" + a + "\":\"\\ud800\",\"" + b + "\":\"\\udfff\"}",
                "{\"" + LONG + "\":\"x\"}",
                "[".repeat(5_000) + "]".repeat(5_000),
                "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000),
                "{\"" + a + "\":\"" + "x".repeat(65_000) + "\"}",
                "x".repeat(2_000_000)));
        return bodies;
    }

    @TestFactory
    Stream<DynamicTest> bodies() {
        List<DynamicTest> tests = new ArrayList<>();
        String[][] endpoints = {
                {"/api/v1/authenticate", "username", "password"},
                {"/api/v1/authenticate/refresh", "refreshToken", "refreshToken"},
                {"/auth/token", "email", "password"},
                {"/auth/refresh_token", "email", "password"},
                {"/auth/login", "username", "password"},
                {"/auth/refresh", "refresh_token", "x"},
                {"/auth/logout", "refresh_token", "x"}};
        String[] types = {"application/json", "application/x-www-form-urlencoded", "text/plain", "application/json; charset=latin1", null};
        for (String[] e : endpoints) {
            List<String> bodies = jsonBodies(e[1], e[2]);
            bodies.addAll(List.of(e[1] + "=" + LONG + "&" + e[2] + "=" + LONG, e[1] + "=%zz&" + e[2] + "=%", e[1] + "&" + e[1] + "=",
                    e[1] + "=a&" + e[1] + "=b&" + e[2] + "=c", "=&&&=", e[1] + "=%00%ff%fe&" + e[2] + "=%F0%9F%98%80"));
            for (String type : types) {
                for (int i = 0; i < bodies.size(); i++) {
                    String body = bodies.get(i);
                    tests.add(DynamicTest.dynamicTest(e[0] + " " + type + " #" + i, () -> assertSane(send(e[0], type, body))));
                }
            }
            tests.add(DynamicTest.dynamicTest(e[0] + " invalid UTF-8", () -> assertSane(raw("POST", e[0],
                    List.of("Content-Type: application/json"), new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}))));
            tests.add(DynamicTest.dynamicTest(e[0] + " GET", () -> assertSane(server.send(
                    HttpRequest.newBuilder(URI.create(server.url(e[0]))).timeout(Duration.ofSeconds(10)).GET().build()))));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> headers() {
        List<DynamicTest> tests = new ArrayList<>();
        List<String> values = List.of("", " ", LONG, "Bearer " + duktigRefresh, duktigRefresh + "x", duktigRefresh + " " + duktigRefresh,
                kirjaswappiRefresh, "a.b.c", "..", "e30.e30.", "eyJhbGciOiJub25lIn0.e30.", HEADER_UNICODE);
        for (String v : values) {
            tests.add(DynamicTest.dynamicTest("Refresh-Token " + v.length(), () -> assertSane(raw("POST", "/auth/refresh_token",
                    List.of("Refresh-Token: " + v), new byte[0]))));
            tests.add(DynamicTest.dynamicTest("X-Auth-Key " + v.length(), () -> assertSane(raw("POST", "/auth/token",
                    List.of("X-Auth-Key: " + v, "X-Auth-Key: " + v, "Content-Type: application/json"),
                    "{\"email\":\"alice@example.com\",\"password\":\"x\"}".getBytes(StandardCharsets.UTF_8)))));
            for (String path : List.of("/auth/refresh", "/auth/logout")) {
                tests.add(DynamicTest.dynamicTest(path + " Cookie " + v.length(), () -> assertSane(raw("POST", path,
                        List.of("Cookie: refresh_token=" + v), new byte[0]))));
                tests.add(DynamicTest.dynamicTest(path + " Cookie quoted/duplicate " + v.length(), () -> assertSane(raw("POST", path,
                        List.of("Cookie: refresh_token=\"" + v + "\"; refresh_token=" + watchrRefresh, "Cookie: x=" + v), new byte[0]))));
                tests.add(DynamicTest.dynamicTest(path + " Origin " + v.length(), () -> assertSane(raw("POST", path,
                        List.of("Cookie: refresh_token=" + watchrRefresh, "Origin: " + v, "Origin: null"), new byte[0]))));
            }
        }
        return tests.stream();
    }

    /**
     * A huge body may be answered (413) and the connection closed while the client is still sending; the client then
     * sees a reset instead of the answer. That is a transport race, not an answer, so it is retried.
     */
    private HttpResponse<String> send(String path, String type, String body) {
        for (int attempt = 1; ; attempt++) {
            try {
                return sendOnce(path, type, body);
            } catch (IllegalStateException e) {
                if (body.length() <= 64 * 1024 || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private HttpResponse<String> sendOnce(String path, String type, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        return server.send(b.build());
    }

    private static void assertSane(HttpResponse<String> r) {
        assertSane(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    private static void assertSane(int status, String contentType, String body) {
        assertThat(status).as(body).isBetween(200, 499);
        assertThat(body).doesNotContain("Exception").doesNotContain("\tat ");
        if (status != 204 && status != 431) { // 431: oversized headers are refused before any routing
            assertThat(contentType).as(status + " " + body).startsWith("application/json");
        }
    }

    private static void assertSane(String[] response) {
        assertSane(Integer.parseInt(response[0]), response[1], response[2]);
    }

    /** One request over a plain socket, for header bytes the JDK client will not send (UTF-8, repeats). */
    private String[] raw(String method, String path, List<String> headers, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.rotor.port())) {
            s.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.rotor.port()
                    + "\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n");
            for (String h : headers) {
                head.append(h).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, split).split("\r\n");
            String type = "";
            for (String l : lines) {
                if (l.toLowerCase().startsWith("content-type:")) {
                    type = l.substring(13).trim();
                }
            }
            return new String[] {lines[0].split(" ")[1], type, text.substring(split + 4)};
        }
    }
}

package dev.rotor.server.http;

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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which methods a path answers: HEAD wherever GET is (RFC 9110 §9.3.2), and a 405 that says the rest (§15.5.6). */
@Timeout(60)
class MethodsTest {

    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void headOnAGetPathThenGetsHeadersWithoutTheBody() throws IOException {
        // Pipelined, so that a body sent after the HEAD's headers would show up in front of the GET's answer.
        String answers = raw("HEAD /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        String[] parts = answers.split("\r\n\r\n", -1);
        assertThat(parts).as(answers).hasSize(3);
        String headHeaders = parts[0].toLowerCase();
        assertThat(headHeaders).startsWith("http/1.1 200 ").contains("content-type: application/json")
                .contains("content-length: 15");
        assertThat(parts[1]).as("right after the HEAD's headers").startsWith("HTTP/1.1 200 ");
        assertThat(parts[2]).isEqualTo("{\"status\":\"up\"}");
    }

    @Test
    void headOnADialectsGetPathThenItsHeaders() {
        HttpResponse<String> r = send("HEAD", "/openapi.json"); // watchr's, whose handler tells the methods apart
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(Long.parseLong(r.headers().firstValue("Content-Length").orElseThrow())).isPositive();
    }

    /** HEAD where there is no GET; simplejwt keeps Django REST framework's own Allow, which lists OPTIONS. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"HEAD, /oauth2/token, POST", "DELETE, /health/live, 'GET, HEAD'", "GET, /v1/auth/refresh, POST",
            "PUT, /api/token/refresh/, 'POST, OPTIONS'"})
    void wrongMethodThen405ListingThePathsMethods(String method, String path, String allow) {
        HttpResponse<String> r = send(method, path);
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().allValues("Allow")).containsExactly(allow);
    }

    @Test
    void unknownPathThen404WithoutAllow() {
        HttpResponse<String> r = send("GET", "/nothing/here");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Allow")).isEmpty();
    }

    private static HttpResponse<String> send(String method, String path) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url(path)))
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    /** Writes the text as-is and returns everything the server answers until it closes. */
    private static String raw(String requests) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.rotor.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(requests.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            in.transferTo(got);
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }
}

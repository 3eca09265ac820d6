package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile bodies and media types on every simplejwt endpoint: always a 4xx with DRF's JSON error body and content
 * type exactly application/json, never a 5xx.
 */
class SimpleJwtMalformedInputTest {

    static GorbSimpleJwtHarness server;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        server = new GorbSimpleJwtHarness(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> cases() {
        List<String> bodies = new ArrayList<>(GorbMalformedInputTest.BODIES);
        bodies.add("{\"username\":\"alice\",\"password\":\"nope\",\"refresh\":\"a.b.c\",\"token\":\"" + "e".repeat(10_000) + "\"}");
        bodies.add("{\"refresh\":1,\"token\":2,\"username\":3,\"password\":4}");
        bodies.add("{\"refresh\":true,\"token\":[\"x\"],\"username\":{\"a\":1},\"password\":null}");
        List<String> types = List.of("application/json", "application/x-www-form-urlencoded", "text/plain",
                "application/json; charset=latin-1", "*/*", "");
        List<Arguments> out = new ArrayList<>();
        for (String path : List.of("/api/token/", "/api/token/refresh/", "/api/token/verify", "/api/token/blacklist/")) {
            for (String type : types) {
                for (String body : bodies) {
                    out.add(Arguments.of(path, type, body));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} #{index}")
    @MethodSource("cases")
    void neverAServerError(String path, String type, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.base() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!type.isEmpty()) {
            request.header("Content-Type", type);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
        assertThat(response.headers().allValues("Content-Type")).containsExactly("application/json");
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.isObject()).isTrue();
        if (response.statusCode() == 401) {
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"api\"");
        }
    }
}

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
 * Hostile bodies on every gorb endpoint (wrong types, unicode, 10k-character strings, duplicate keys, arrays, null,
 * deep nesting, bad UTF-8): always a 4xx in gorb's {@code {"error"}} shape, never a 5xx, and the server keeps serving.
 */
class GorbMalformedInputTest {

    static final List<String> BODIES = List.of(
            "", "null", "[]", "[null]", "\"text\"", "42", "true", "{", "}", "{}}", "{\"a\":1,}",
            "{\"refresh_token\":null,\"username\":null,\"password\":null,\"device_name\":null,\"access_token\":null}",
            "{\"refresh_token\":1,\"username\":2,\"password\":3.5,\"device_name\":false,\"access_token\":[]}",
            "{\"refresh_token\":{},\"username\":{},\"password\":[],\"device_name\":{},\"access_token\":{}}",
            "{\"refresh_token\":\"" + "x".repeat(10_000) + "\",\"username\":\"" + "é".repeat(10_000)
                    + "\",\"password\":\"p\",\"device_name\":\"d\",\"access_token\":\"" + "0".repeat(10_000) + "\"}",
            "{\"refresh_token\":\"\\u0000\\ud800✓\",\"username\":\"\\u202e\",\"password\":\"\\ud83d\",\"device_name\":\"\",\"access_token\":\"\\u0000\"}",
            "{\"refresh_token\":\"a\",\"refresh_token\":\"b\"}",
            "[".repeat(5_000) + "]".repeat(5_000),
            "{\"a\":" + "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_001),
            "{\"refresh_token\":\"\\x\"}",
            "\u00ff\u00fe");

    static GorbSimpleJwtHarness server;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        server = new GorbSimpleJwtHarness(Map.of("ROTOR_GORB_REGISTRATION", "true"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String path : List.of("/v1/auth/login", "/v1/auth/register", "/v1/auth/refresh", "/v1/auth/revoke")) {
            for (String body : BODIES) {
                out.add(Arguments.of(path, body));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} #{index}")
    @MethodSource("cases")
    void neverAServerError(String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.base() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode error = JSON.readTree(response.body());
        assertThat(error.size()).isEqualTo(1);
        assertThat(error.get("error").isTextual()).isTrue();
    }
}

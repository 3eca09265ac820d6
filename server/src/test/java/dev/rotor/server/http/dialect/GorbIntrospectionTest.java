package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** DIALECTS.md "gorb": resource servers validate gorb access tokens through OAuth 2.0 introspection (RFC 7662). */
class GorbIntrospectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final GorbSimpleJwtHarness server = new GorbSimpleJwtHarness(Map.of());

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void accessTokenIsActiveUntilReplacedExpiredOrRevoked() throws Exception {
        JsonNode login = post("/v1/auth/login", "{\"username\":\"alice\",\"password\":\"secret\",\"device_name\":\"phone\"}");
        String access = login.get("access_token").asText();
        JsonNode active = introspect(access);
        assertThat(active.get("active").asBoolean()).isTrue();
        assertThat(active.toString()).doesNotContain(access);

        JsonNode refreshed = post("/v1/auth/refresh", "{\"refresh_token\":\"" + login.get("refresh_token").asText() + "\"}");
        assertThat(introspect(access).get("active").asBoolean()).as("the previous access token ended").isFalse();
        String second = refreshed.get("access_token").asText();
        assertThat(introspect(second).get("active").asBoolean()).isTrue();

        server.clock.advance(Duration.ofHours(1));
        assertThat(introspect(second).get("active").asBoolean()).as("access tokens live one hour").isFalse();
    }

    @Test
    void revokedSessionsAccessTokenIsInactive() throws Exception {
        JsonNode login = post("/v1/auth/login", "{\"username\":\"alice\",\"password\":\"secret\",\"device_name\":\"phone\"}");
        String access = login.get("access_token").asText();
        post("/v1/auth/revoke", "{\"access_token\":\"" + access + "\",\"password\":\"secret\",\"device_name\":\"phone\"}");
        assertThat(introspect(access).toString()).isEqualTo("{\"active\":false}");
        assertThat(introspect("85b2afece430e0e924f2d4277324c868").toString()).isEqualTo("{\"active\":false}");
    }

    private JsonNode introspect(String token) throws Exception {
        String basic = Base64.getEncoder().encodeToString((GorbSimpleJwtHarness.CLIENT_ID + ":"
                + GorbSimpleJwtHarness.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.base() + "/oauth2/introspect"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.base() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}

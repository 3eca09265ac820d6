package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotor.server.http.support.TestServer;
import dev.rotor.server.store.sqlite.SqliteStores;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The refresh endpoints that run a unit of the store of their own (oauth2, simplejwt), over the embedded SQLite store,
 * where a unit is one task of its single writer: rotation, and reuse detection that revokes the session although the
 * dialect then refuses the request (the other dialect tests run on the in-memory store, which has no units).
 */
class SqliteRefreshTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void oauth2RefreshWhenRotatedTokenReplayedAfterGraceThenSessionRevoked() throws Exception {
        try (TestServer server = new TestServer(Map.of("ROTOR_OAUTH2_PASSWORD_GRANT", "true"), SqliteStores.open(data))) {
            String first = field(server.postForm("/oauth2/token",
                    "grant_type=password&client_id=spa&username=alice&password=wonderland"), 200, "refresh_token");
            String next = field(server.postForm("/oauth2/token",
                    "grant_type=refresh_token&client_id=spa&refresh_token=" + first), 200, "refresh_token");
            assertThat(next).isNotEqualTo(first);

            server.clock.advance(Duration.ofSeconds(11));
            assertThat(field(server.postForm("/oauth2/token",
                    "grant_type=refresh_token&client_id=spa&refresh_token=" + first), 400, "error")).isEqualTo("invalid_grant");
            assertThat(field(server.postForm("/oauth2/token",
                    "grant_type=refresh_token&client_id=spa&refresh_token=" + next), 400, "error"))
                    .as("the replay revoked the session").isEqualTo("invalid_grant");
            assertThat(server.rotor.metrics().scrape()).contains("rotor_reuse_detected_total{dialect=\"oauth2\"} 1.0");
        }
    }

    @Test
    void simplejwtRefreshWhenRotatedTokenReplayedAfterGraceThenSessionRevoked() throws Exception {
        try (TestServer server = new TestServer(Map.of("ROTOR_SIMPLEJWT_ROTATION", "always"), SqliteStores.open(data))) {
            String first = field(postJson(server, "/api/token/", "{\"username\":\"alice\",\"password\":\"wonderland\"}"),
                    200, "refresh");
            String next = field(postJson(server, "/api/token/refresh/", "{\"refresh\":\"" + first + "\"}"), 200, "refresh");
            assertThat(next).isNotEqualTo(first);

            server.clock.advance(Duration.ofSeconds(11));
            assertThat(postJson(server, "/api/token/refresh/", "{\"refresh\":\"" + first + "\"}").statusCode())
                    .isEqualTo(401);
            assertThat(postJson(server, "/api/token/refresh/", "{\"refresh\":\"" + next + "\"}").statusCode())
                    .as("the replay revoked the session").isEqualTo(401);
            assertThat(server.rotor.metrics().scrape()).contains("rotor_reuse_detected_total{dialect=\"simplejwt\"} 1.0");
        }
    }

    private static HttpResponse<String> postJson(TestServer server, String path, String body) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String field(HttpResponse<String> response, int status, String name) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode value = JSON.readTree(response.body()).get(name);
        assertThat(value).as(name + " in " + response.body()).isNotNull();
        return value.asText();
    }
}

package dev.rotor.server.multinode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The oauth2 dialect of one node, spoken by the confidential test client: token, revoke, introspect. */
final class OAuth {

    /** Longer than any bound the server promises (Hikari's 3 s connection timeout): a hang shows as a failure. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One answer: status, parsed JSON body (null when the body is not JSON), and how long it took. */
    record Reply(int status, JsonNode body, String raw, Duration took) {
        String text(String field) {
            return body == null || !body.hasNonNull(field) ? null : body.get(field).asText();
        }
    }

    private final Node node;

    OAuth(Node node) {
        this.node = node;
    }

    Reply login() throws IOException, InterruptedException {
        return post("/oauth2/token", Map.of("grant_type", "password", "username", Cluster.USER, "password", Cluster.PASSWORD));
    }

    Reply refresh(String refreshToken) throws IOException, InterruptedException {
        return post("/oauth2/token", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    Reply revoke(String token) throws IOException, InterruptedException {
        return post("/oauth2/revoke", Map.of("token", token));
    }

    Reply introspect(String token) throws IOException, InterruptedException {
        return post("/oauth2/introspect", Map.of("token", token));
    }

    Reply post(String path, Map<String, String> params) throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>(params);
        form.put("client_id", Cluster.CLIENT);
        form.put("client_secret", Cluster.SECRET);
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.base() + path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long start = System.nanoTime();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        JsonNode json;
        try {
            json = response.body().isEmpty() ? null : JSON.readTree(response.body());
        } catch (IOException e) {
            json = null;
        }
        return new Reply(response.statusCode(), json, response.body(), took);
    }
}

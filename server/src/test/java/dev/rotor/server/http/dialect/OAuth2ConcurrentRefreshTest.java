package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotor.core.session.StartRequest;
import dev.rotor.server.http.dialect.oauth2.RefreshTokenFormat;
import dev.rotor.server.http.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** CORE.md "Guarantees": N concurrent refreshes of one token over real HTTP. */
class OAuth2ConcurrentRefreshTest {

    @Test
    void sixtyFourConcurrentRefreshesThenOneSuccessorAndReplayAfterGraceRevokes() throws Exception {
        try (TestServer server = new TestServer()) {
            String rt = RefreshTokenFormat.encode(server.rotor.services().sessions()
                    .start(OAuth2DialectTest.RULES, new StartRequest("u1", "app", null, null)).refresh().secret());
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.url("/oauth2/token")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", OAuth2DialectTest.BASIC_APP)
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=" + rt)).build();
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                calls.add(server.client().sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            Set<String> successors = new HashSet<>();
            ObjectMapper json = new ObjectMapper();
            for (CompletableFuture<HttpResponse<String>> call : calls) {
                HttpResponse<String> r = call.get();
                assertThat(r.statusCode()).as(r.body()).isLessThan(500);
                if (r.statusCode() == 200) {
                    successors.add(json.readTree(r.body()).get("refresh_token").asText());
                }
            }
            assertThat(successors).hasSize(1);
            String successor = successors.iterator().next();

            // The session goes on with that successor...
            String third = OAuth2DialectTest.successor(server.postForm("/oauth2/token",
                    "grant_type=refresh_token&refresh_token=" + successor, "Authorization", OAuth2DialectTest.BASIC_APP));
            // ...and a replay of the original after the grace period revokes the session.
            server.clock.advance(Duration.ofSeconds(11));
            assertThat(server.send(request).statusCode()).isEqualTo(400);
            HttpResponse<String> after = server.postForm("/oauth2/token",
                    "grant_type=refresh_token&refresh_token=" + third, "Authorization", OAuth2DialectTest.BASIC_APP);
            assertThat(after.statusCode()).isEqualTo(400);
            assertThat(after.body()).contains("invalid_grant");
        }
    }
}

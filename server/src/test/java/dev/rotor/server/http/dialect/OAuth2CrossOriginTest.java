package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.core.session.StartRequest;
import dev.rotor.server.http.dialect.oauth2.RefreshTokenFormat;
import dev.rotor.server.http.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ROTOR_OAUTH2_ALLOWED_ORIGINS}: a browser app (a public client) on another origin refreshes through the token
 * endpoint and reads the answer; the metadata and the JWKS are readable by any page.
 */
class OAuth2CrossOriginTest {

    private static final String APP = "https://app.example.com";
    static TestServer server;

    @BeforeAll
    static void start() {
        server = new TestServer(Map.of("ROTOR_OAUTH2_ALLOWED_ORIGINS", APP));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String refreshToken() {
        return RefreshTokenFormat.encode(server.rotor.services().sessions()
                .start(OAuth2DialectTest.RULES, new StartRequest("u1", "spa", null, null)).refresh().secret());
    }

    private static HttpResponse<String> refresh(String origin, String token) {
        return server.postForm("/oauth2/token", "grant_type=refresh_token&client_id=spa&refresh_token=" + token,
                "Origin", origin);
    }

    @Test
    void refreshFromAnAllowedOriginThenThePageMayReadTheAnswerWithoutCredentials() {
        HttpResponse<String> r = refresh(APP, refreshToken());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().allValues("Access-Control-Allow-Origin")).containsExactly(APP);
        assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(r.headers().allValues("Vary")).containsExactly("Origin");
        HttpResponse<String> refused = refresh(APP, "rt_nothing");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().allValues("Access-Control-Allow-Origin")).as("an error is readable too").containsExactly(APP);
    }

    @Test
    void refreshFromAnotherOriginThenNoCorsHeaders() {
        HttpResponse<String> r = refresh("https://evil.example", refreshToken());
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void preflightOfTheTokenAndRevocationEndpointsIsGrantedToTheAllowedOriginOnly() {
        for (String path : new String[] {"/oauth2/token", "/oauth2/revoke"}) {
            HttpResponse<String> granted = preflight(path, APP);
            assertThat(granted.statusCode()).isEqualTo(204);
            assertThat(granted.headers().allValues("Access-Control-Allow-Origin")).containsExactly(APP);
            assertThat(granted.headers().allValues("Access-Control-Allow-Methods")).containsExactly("POST");
            HttpResponse<String> refused = preflight(path, "https://evil.example");
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("\"error\":\"invalid_request\"");
            assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void metadataAndKeysThenReadableByAnyPage() {
        for (String path : new String[] {"/.well-known/oauth-authorization-server", "/.well-known/jwks.json"}) {
            HttpResponse<String> r = server.send(HttpRequest.newBuilder(URI.create(server.url(path))).GET()
                    .header("Origin", "https://anyone.example").build());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().allValues("Access-Control-Allow-Origin")).containsExactly("*");
        }
    }

    @Test
    void withoutAllowedOriginsThenTheTokenEndpointHasNoPreflightAndNoCorsHeaders() {
        try (TestServer plain = new TestServer(Map.of())) {
            HttpResponse<String> r = plain.send(HttpRequest.newBuilder(URI.create(plain.url("/oauth2/token")))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", APP)
                    .header("Access-Control-Request-Method", "POST").build());
            assertThat(r.statusCode()).isEqualTo(405);
            HttpResponse<String> post = plain.postForm("/oauth2/token", "grant_type=refresh_token&client_id=spa&refresh_token=x",
                    "Origin", APP);
            assertThat(post.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    private static HttpResponse<String> preflight(String path, String origin) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url(path)))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
                .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type")
                .build());
    }
}

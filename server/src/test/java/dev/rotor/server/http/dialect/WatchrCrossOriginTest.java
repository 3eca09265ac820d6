package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.server.config.SettingsException;
import dev.rotor.server.http.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ROTOR_WATCHR_ALLOWED_ORIGINS} lets a page of another origin use the cookie endpoints from a browser: its
 * preflights are granted and it may read the answers (CORS); every other origin is still refused.
 */
class WatchrCrossOriginTest {

    private static final String PARTNER = "https://app.example.com";
    static TestServer server; // its store holds alice, password "wonderland"

    @BeforeAll
    static void start() {
        server = new TestServer(Map.of("ROTOR_WATCHR_COOKIE_SECURE", "false",
                "ROTOR_WATCHR_ALLOWED_ORIGINS", "HTTPS://App.Example.com:443/, http://partner.example:8443"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void preflightFromAnAllowedOriginThenPostWithCredentialsIsGranted() {
        HttpResponse<String> r = preflight(PARTNER, "POST", "content-type");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().allValues("Access-Control-Allow-Origin")).containsExactly(PARTNER);
        assertThat(r.headers().allValues("Access-Control-Allow-Credentials")).containsExactly("true");
        assertThat(r.headers().allValues("Access-Control-Allow-Methods")).containsExactly("POST");
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers").orElseThrow()).contains("content-type");
        assertThat(r.headers().allValues("Vary")).containsExactly("Origin");
    }

    @Test
    void preflightFromAnotherOriginOrForAnotherMethodOrHeaderThenRefused() {
        for (HttpResponse<String> r : List.of(preflight("https://evil.example", "POST", ""),
                preflight(PARTNER, "DELETE", ""), preflight(PARTNER, "post", ""),
                preflight(PARTNER, "POST", "authorization"), preflight(PARTNER, null, ""))) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void loginAndRefreshFromAnAllowedOriginThenThePageMayReadTheAnswers() {
        HttpResponse<String> login = post("/auth/login", PARTNER, null, "username=alice&password=wonderland");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(login.headers().allValues("Access-Control-Allow-Origin")).containsExactly(PARTNER);
        assertThat(login.headers().allValues("Access-Control-Allow-Credentials")).containsExactly("true");
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        HttpResponse<String> refresh = post("/auth/refresh", "http://partner.example:8443", cookie.substring(0, cookie.indexOf(';')), "");
        assertThat(refresh.statusCode()).isEqualTo(200);
        assertThat(refresh.headers().allValues("Access-Control-Allow-Origin")).containsExactly("http://partner.example:8443");
        // an error is readable too, so that the page can tell a dead session from a network failure
        HttpResponse<String> noCookie = post("/auth/refresh", PARTNER, null, "");
        assertThat(noCookie.statusCode()).isEqualTo(401);
        assertThat(noCookie.headers().allValues("Access-Control-Allow-Origin")).containsExactly(PARTNER);
    }

    @Test
    void postFromAnotherOriginThen403WithoutCorsHeaders() {
        HttpResponse<String> r = post("/auth/refresh", "https://evil.example", null, "");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void ownOriginAndNoOriginThenNoCorsHeaders() {
        String own = "http://" + URI.create(server.url("/")).getAuthority();
        for (String origin : new String[] {own, null}) {
            HttpResponse<String> r = post("/auth/refresh", origin, null, "");
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void withoutAllowedOriginsThenOptionsIsNotAMethodOfTheCookieEndpoints() {
        try (TestServer plain = new TestServer(Map.of("ROTOR_WATCHR_COOKIE_SECURE", "false"))) {
            HttpResponse<String> r = plain.send(HttpRequest.newBuilder(URI.create(plain.url("/auth/refresh")))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", PARTNER)
                    .header("Access-Control-Request-Method", "POST").build());
            assertThat(r.statusCode()).isEqualTo(405);
            assertThat(r.headers().allValues("Allow")).containsExactly("POST");
        }
    }

    @Test
    void allowedOriginThatIsNotAnOriginThenStartUpNamesTheSetting() {
        assertThatThrownBy(() -> new TestServer(Map.of("ROTOR_WATCHR_ALLOWED_ORIGINS", "app.example.com")))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("ROTOR_WATCHR_ALLOWED_ORIGINS: app.example.com is not an origin");
    }

    private static HttpResponse<String> preflight(String origin, String method, String headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url("/auth/refresh")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin);
        if (method != null) {
            b.header("Access-Control-Request-Method", method);
        }
        if (!headers.isEmpty()) {
            b.header("Access-Control-Request-Headers", headers);
        }
        return server.send(b.build());
    }

    private static HttpResponse<String> post(String path, String origin, String cookie, String form) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return server.send(b.build());
    }
}

package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotor.core.store.User;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DIALECTS.md "simplejwt" interoperability, against the real djangorestframework-simplejwt (notes/interop.md): a
 * single-file Django app with Rotor's signing key (1) accepts an access token Rotor issued, and (2) signs a refresh
 * token that Rotor then refreshes. Skipped with a message when Django/simplejwt are not installed for
 * /usr/bin/python3, except under CI=true, where that is a failure.
 */
class SimpleJwtInteropTest {

    private static final String PYTHON = "/usr/bin/python3";
    private static final String USER = "carol";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;
    private Process django;
    private GorbSimpleJwtHarness rotor;
    private int djangoPort;
    private String djangoRefresh;

    @BeforeEach
    void start() throws Exception {
        requireDjango();
        rotor = new GorbSimpleJwtHarness(Map.of(), Instant.now());
        rotor.addUser(new User(USER, USER, "carol@example.com", "Carol", "C", "user", true,
                "plain:" + GorbSimpleJwtHarness.PASSWORD, Instant.now(), null));
        Path app = dir.resolve("app.py");
        try (InputStream in = getClass().getResourceAsStream("/interop/simplejwt/app.py")) {
            Files.copy(in, app, StandardCopyOption.REPLACE_EXISTING);
        }
        ProcessBuilder builder = new ProcessBuilder(PYTHON, app.toString()).directory(dir.toFile())
                .redirectError(dir.resolve("django.log").toFile());
        builder.environment().put("ROTOR_SIMPLEJWT_KEY", GorbSimpleJwtHarness.SIMPLEJWT_KEY);
        builder.environment().put("INTEROP_USER", USER);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        django = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(django.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        }).get(60, TimeUnit.SECONDS);
        assertThat(line).as("Django app's first line; its stderr: " + dir.resolve("django.log")).isNotNull();
        JsonNode hello = JSON.readTree(line);
        djangoPort = hello.get("port").asInt();
        djangoRefresh = hello.get("refresh").asText();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (django != null) {
            django.destroy();
            if (!django.waitFor(10, TimeUnit.SECONDS)) {
                django.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (rotor != null) {
            rotor.close();
        }
    }

    @Test
    void simplejwtAcceptsRotorsAccessTokens() throws Exception {
        JsonNode login = post("/api/token/", "{\"username\":\"carol\",\"password\":\"secret\"}");
        assertThat(protectedView(login.get("access").asText())).isEqualTo(200);
        assertThat(protectedView(login.get("refresh").asText())).as("a refresh token is no access token")
                .isEqualTo(401);
        assertThat(protectedView(login.get("access").asText() + "x")).isEqualTo(401);
        JsonNode refreshed = post("/api/token/refresh/", JSON.createObjectNode()
                .put("refresh", login.get("refresh").asText()).toString());
        assertThat(protectedView(refreshed.get("access").asText())).isEqualTo(200);
    }

    @Test
    void rotorRefreshesARefreshTokenSimplejwtSigned() throws Exception {
        JsonNode refreshed = post("/api/token/refresh/",
                JSON.createObjectNode().put("refresh", djangoRefresh).toString());
        assertThat(refreshed.has("access")).isTrue();
        assertThat(protectedView(refreshed.get("access").asText())).isEqualTo(200);
        // Adopted: it now follows Rotor's rules, e.g. blacklisting ends it.
        assertThat(rawPost("/api/token/blacklist/", JSON.createObjectNode().put("refresh", djangoRefresh).toString())
                .statusCode()).isEqualTo(200);
        assertThat(rawPost("/api/token/refresh/", JSON.createObjectNode().put("refresh", djangoRefresh).toString())
                .statusCode()).isEqualTo(401);
    }

    private int protectedView(String access) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + djangoPort + "/protected/"))
                .header("Authorization", "Bearer " + access).timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
            assertThat(JSON.readTree(response.body()).get("user").asText()).isEqualTo(USER);
        }
        return response.statusCode();
    }

    private JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> response = rawPost(path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> rawPost(String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(rotor.base() + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Skips (or, under CI=true, fails) when Debian's Django and simplejwt are missing. */
    private static void requireDjango() throws Exception {
        boolean present;
        try {
            Process check = new ProcessBuilder(PYTHON, "-c", "import rest_framework_simplejwt, django")
                    .redirectErrorStream(true).start();
            check.getInputStream().readAllBytes();
            present = check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        }
        String message = PYTHON + " cannot import django and rest_framework_simplejwt (apt-get install -y"
                + " python3-django python3-djangorestframework python3-djangorestframework-simplejwt)";
        if (!present) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true: " + message);
            }
            System.out.println("SKIPPED SimpleJwtInteropTest: " + message);
            Assumptions.abort(message);
        }
    }
}

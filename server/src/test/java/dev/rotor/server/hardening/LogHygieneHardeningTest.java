package dev.rotor.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotor.server.http.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * DIALECTS.md "Tokens, passwords and secrets never appear in logs": runs each dialect's happy and error paths with the
 * production JSON encoder attached to the root logger, then looks for every token, password, secret and key that went
 * over the wire. Security events must be structured lines with ids (session_id, user_id).
 */
class LogHygieneHardeningTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASIC_APP = "Basic " + Base64.getEncoder()
            .encodeToString("app:s3cret".getBytes(StandardCharsets.UTF_8));

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private OutputStreamAppender<ILoggingEvent> appender;
    /** Everything that must never be logged: filled as the test sees it on the wire. */
    private final List<String> secrets = new ArrayList<>(List.of("wonderland", "s3cret", "hunter2-wrong",
            "forged-refresh-token-7f3a", "test-key-for-"));

    @BeforeEach
    void attach() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.start();
        appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(captured);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    @AfterEach
    void detach() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
    }

    @Test
    void oauth2HappyAndErrorPathsLogNoSecretsAndStructuredSecurityEvents() throws Exception {
        try (TestServer server = new TestServer(Map.of("ROTOR_OAUTH2_PASSWORD_GRANT", "true"))) {
            // Happy path: password grant, two rotations, introspection, client_credentials.
            JsonNode login = ok(server, "grant_type=password&username=alice&password=wonderland", BASIC_APP);
            String rt0 = login.get("refresh_token").asText();
            JsonNode r1 = ok(server, "grant_type=refresh_token&refresh_token=" + rt0, BASIC_APP);
            String rt1 = r1.get("refresh_token").asText();
            JsonNode r2 = ok(server, "grant_type=refresh_token&refresh_token=" + rt1, BASIC_APP);
            introspect(server, r2.get("access_token").asText());
            introspect(server, r2.get("refresh_token").asText());
            ok(server, "grant_type=client_credentials", BASIC_APP);
            // Reuse: rt0 is two rotations old, so not a grace retry: the session is revoked.
            form(server, "/oauth2/token", "grant_type=refresh_token&refresh_token=" + rt0, BASIC_APP);
            // A second session, ended by RFC 7009 revocation.
            JsonNode other = ok(server, "grant_type=password&username=alice&password=wonderland", BASIC_APP);
            form(server, "/oauth2/revoke", "token=" + other.get("refresh_token").asText(), BASIC_APP);
            // Error paths.
            form(server, "/oauth2/token", "grant_type=refresh_token&refresh_token=forged-refresh-token-7f3a", BASIC_APP);
            form(server, "/oauth2/token", "grant_type=password&username=alice&password=wonderland",
                    "Basic " + Base64.getEncoder().encodeToString("app:s3cret-but-wrong".getBytes(StandardCharsets.UTF_8)));
            form(server, "/oauth2/token", "grant_type=password&username=ghost&password=hunter2-wrong", BASIC_APP);
            form(server, "/oauth2/token", "grant_type=refresh_token&refresh_token=%ZZ%E0%80", BASIC_APP);
            form(server, "/oauth2/introspect", "token=forged-refresh-token-7f3a", BASIC_APP);
            form(server, "/oauth2/token", "grant_type=bogus&password=hunter2-wrong", BASIC_APP);
            tooLarge(() -> form(server, "/oauth2/token", "x=" + "a".repeat(70_000) + "hunter2-wrong", BASIC_APP));
            // Throttling: repeated wrong passwords for one account.
            for (int i = 0; i < 8; i++) {
                form(server, "/oauth2/token", "grant_type=password&username=alice&password=hunter2-wrong", BASIC_APP);
            }
            for (JsonNode token : List.of(login, r1, r2, other)) {
                token.properties().forEach(e -> {
                    if (e.getKey().endsWith("_token")) {
                        secrets.add(e.getValue().asText());
                    }
                });
            }
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).as("something was logged at all").isNotBlank();
        for (String secret : secrets) {
            assertThat(logs).as("logs must not contain %s", secret).doesNotContain(secret);
        }
        assertThat(logs).as("no JWT in the logs").doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}");

        List<JsonNode> events = securityEvents(logs);
        for (String type : List.of("reuse_detected", "session_revoked")) {
            JsonNode e = event(events, type);
            assertThat(e.path("session_id").asText()).as(type).isNotBlank().isNotEqualTo("null");
            assertThat(e.path("user_id").asText()).as(type).isEqualTo("u1");
        }
        assertThat(event(events, "login_throttled").path("user_id").asText()).isEqualTo("u1");
    }

    @Test
    void gorbAndSimplejwtHappyAndErrorPathsLogNoSecrets() throws Exception {
        try (TestServer server = new TestServer(Map.of("ROTOR_GORB_REGISTRATION", "true",
                "ROTOR_SIMPLEJWT_ROTATION", "always", "ROTOR_SIMPLEJWT_SIGNING_KEY", "simplejwt-log-key-0123456789abcdef"),
                null, null, ProductionKeys::open)) {
            secrets.add("simplejwt-log-key-0123456789abcdef");
            secrets.add("n3w-us3r-pa55");
            // gorb
            JsonNode g = okJson(server, "/v1/auth/login", "{\"username\":\"alice\",\"password\":\"wonderland\",\"device_name\":\"pc\"}");
            JsonNode g2 = okJson(server, "/v1/auth/refresh", "{\"refresh_token\":\"" + g.get("refresh_token").asText() + "\"}");
            JsonNode reg = okJson(server, "/v1/auth/register", "{\"identifier\":\"newbie\",\"email\":\"n@example.com\","
                    + "\"password\":\"n3w-us3r-pa55\",\"device_name\":\"phone\"}");
            json(server, "/v1/auth/login", "{\"username\":\"alice\",\"password\":\"hunter2-wrong\",\"device_name\":\"pc\"}");
            json(server, "/v1/auth/refresh", "{\"refresh_token\":\"forged-refresh-token-7f3a\"}");
            json(server, "/v1/auth/refresh", "{\"refresh_token\":\"hunter2-wrong\",\"refresh_token\":\"x\"}");
            json(server, "/v1/auth/revoke", "{\"access_token\":\"" + g2.get("access_token").asText()
                    + "\",\"password\":\"wonderland\",\"device_name\":\"pc\"}");
            json(server, "/v1/auth/revoke", "{\"access_token\":\"" + reg.get("access_token").asText()
                    + "\",\"password\":\"hunter2-wrong\",\"device_name\":\"phone\"}");
            // simplejwt: login, two rotations, verify, reuse of the first token, blacklist, errors
            JsonNode s0 = okJson(server, "/api/token/", "{\"username\":\"alice\",\"password\":\"wonderland\"}");
            JsonNode s1 = okJson(server, "/api/token/refresh/", "{\"refresh\":\"" + s0.get("refresh").asText() + "\"}");
            JsonNode s2 = okJson(server, "/api/token/refresh/", "{\"refresh\":\"" + s1.get("refresh").asText() + "\"}");
            json(server, "/api/token/verify/", "{\"token\":\"" + s2.get("access").asText() + "\"}");
            json(server, "/api/token/refresh/", "{\"refresh\":\"" + s0.get("refresh").asText() + "\"}");
            JsonNode s3 = okJson(server, "/api/token/", "{\"username\":\"alice\",\"password\":\"wonderland\"}");
            json(server, "/api/token/blacklist/", "{\"refresh\":\"" + s3.get("refresh").asText() + "\"}");
            json(server, "/api/token/", "{\"username\":\"alice\",\"password\":\"hunter2-wrong\"}");
            json(server, "/api/token/refresh/", "{\"refresh\":\"forged-refresh-token-7f3a\"}");
            json(server, "/api/token/refresh/", "{\"refresh\":\"hunter2-wrong");
            for (JsonNode n : List.of(g, g2, reg, s0, s1, s2, s3)) {
                n.properties().forEach(e -> secrets.add(e.getValue().asText()));
            }
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        for (String secret : secrets) {
            assertThat(logs).as("logs must not contain %s", secret).doesNotContain(secret);
        }
        assertThat(logs).as("no JWT in the logs").doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}");
        JsonNode reuse = event(securityEvents(logs), "reuse_detected");
        assertThat(reuse.path("dialect").asText()).isEqualTo("simplejwt");
        assertThat(reuse.path("session_id").asText()).isNotBlank().isNotEqualTo("null");
        assertThat(reuse.path("user_id").asText()).isEqualTo("u1");
    }

    @Test
    void kirjaswappiDuktigWatchrHappyAndErrorPathsLogNoSecrets() throws Exception {
        try (TestServer server = new TestServer(Map.of("ROTOR_WATCHR_COOKIE_SECURE", "false",
                "ROTOR_DUKTIG_AUTH_KEY", "duktig-auth-key-s3cr3t", "ROTOR_KIRJASWAPPI_SIGNING_KEY",
                "kirjaswappi-log-key-0123456789abcdef"), null, null, ProductionKeys::open)) {
            secrets.addAll(List.of("duktig-auth-key-s3cr3t", "kirjaswappi-log-key-0123456789abcdef"));
            // kirjaswappi
            JsonNode k = okJson(server, "/api/v1/authenticate", "{\"username\":\"alice\",\"password\":\"wonderland\"}");
            JsonNode k2 = okJson(server, "/api/v1/authenticate/refresh", "{\"refreshToken\":\"" + k.get("refreshToken").asText() + "\"}");
            json(server, "/api/v1/authenticate", "{\"username\":\"alice\",\"password\":\"hunter2-wrong\"}");
            json(server, "/api/v1/authenticate/refresh", "{\"refreshToken\":\"" + k.get("jwtToken").asText() + "\"}");
            json(server, "/api/v1/authenticate/refresh", "{\"refreshToken\":\"forged-refresh-token-7f3a\"}");
            json(server, "/api/v1/authenticate/refresh", "{\"refreshToken\":\"hunter2-wrong");
            // duktig
            HttpResponse<String> d = send(server, "/auth/token", "{\"email\":\"alice@example.com\",\"password\":\"wonderland\"}",
                    "X-Auth-Key", "duktig-auth-key-s3cr3t");
            assertThat(d.statusCode()).as(d.body()).isEqualTo(200);
            JsonNode dj = JSON.readTree(d.body());
            send(server, "/auth/refresh_token", "", "Refresh-Token", dj.get("refresh_token").asText(),
                    "X-Auth-Key", "duktig-auth-key-s3cr3t");
            send(server, "/auth/token", "{\"email\":\"alice@example.com\",\"password\":\"hunter2-wrong\"}",
                    "X-Auth-Key", "duktig-auth-key-s3cr3t");
            send(server, "/auth/token", "{\"email\":\"alice@example.com\",\"password\":\"wonderland\"}",
                    "X-Auth-Key", "hunter2-wrong");
            send(server, "/auth/refresh_token", "", "Refresh-Token", "forged-refresh-token-7f3a",
                    "X-Auth-Key", "duktig-auth-key-s3cr3t");
            // watchr
            HttpResponse<String> w = server.postForm("/auth/login", "username=alice&password=wonderland");
            assertThat(w.statusCode()).as(w.body()).isEqualTo(200);
            String setCookie = w.headers().firstValue("Set-Cookie").orElseThrow();
            String cookie = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
            HttpResponse<String> w2 = send(server, "/auth/refresh", "", "Cookie", "refresh_token=" + cookie);
            send(server, "/auth/refresh", "", "Cookie", "refresh_token=" + cookie); // grace retry
            send(server, "/auth/refresh", "", "Cookie", "refresh_token=forged-refresh-token-7f3a");
            send(server, "/auth/refresh", "", "Cookie", "refresh_token=" + cookie, "Origin", "https://evil.example");
            server.postForm("/auth/login", "username=alice&password=hunter2-wrong");
            String c2 = w2.headers().firstValue("Set-Cookie").map(v -> v.substring(v.indexOf('=') + 1, v.indexOf(';'))).orElse("");
            send(server, "/auth/logout", "", "Cookie", "refresh_token=" + c2);
            secrets.add(cookie);
            if (!c2.isEmpty()) {
                secrets.add(c2);
            }
            for (JsonNode n : List.of(k, k2, dj, JSON.readTree(w.body()), JSON.readTree(w2.body()))) {
                n.properties().forEach(e -> {
                    if (e.getValue().isTextual() && e.getValue().asText().length() > 20) {
                        secrets.add(e.getValue().asText());
                    }
                });
            }
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        for (String secret : secrets) {
            assertThat(logs).as("logs must not contain %s", secret).doesNotContain(secret);
        }
        assertThat(logs).as("no JWT in the logs").doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}");
        JsonNode revoked = event(securityEvents(logs), "session_revoked");
        assertThat(revoked.path("session_id").asText()).isNotBlank().isNotEqualTo("null");
        assertThat(revoked.path("user_id").asText()).isEqualTo("u1");
    }

    private static HttpResponse<String> send(TestServer server, String path, String body, String... headers) {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Content-Type", "application/json").headers(headers)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(r.statusCode()).as("never a 5xx: %s", r.body()).isLessThan(500);
        return r;
    }

    private static JsonNode okJson(TestServer server, String path, String body) throws Exception {
        HttpResponse<String> r = json(server, path, body);
        assertThat(r.statusCode()).as("%s %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static HttpResponse<String> json(TestServer server, String path, String body) {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertThat(r.statusCode()).as("never a 5xx: %s", r.body()).isLessThan(500);
        return r;
    }

    private static List<JsonNode> securityEvents(String logs) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : logs.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line); // every captured line is one JSON object
            if ("rotor.security".equals(node.path("logger_name").asText())) {
                events.add(node);
            }
        }
        return events;
    }

    private static JsonNode event(List<JsonNode> events, String type) {
        return events.stream().filter(e -> type.equals(e.path("event").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no structured " + type + " event in " + events));
    }

    private static JsonNode ok(TestServer server, String body, String auth) throws Exception {
        HttpResponse<String> r = form(server, "/oauth2/token", body, auth);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static void introspect(TestServer server, String token) {
        assertThat(form(server, "/oauth2/introspect", "token=" + token, BASIC_APP).statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> form(TestServer server, String path, String body, String auth) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", auth)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /**
     * Sends a body over 64 KiB: the server answers 413 without reading it and closes the connection, so the client,
     * still writing, may see the connection close instead of the answer. Either is fine here: what matters is the log.
     */
    private static void tooLarge(Runnable send) {
        try {
            send.run();
        } catch (IllegalStateException e) {
            if (!(e.getCause() instanceof java.io.IOException)) {
                throw e;
            }
        }
    }
}

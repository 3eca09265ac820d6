package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rotor.core.session.Session;
import dev.rotor.core.store.memory.InMemoryStores;
import dev.rotor.server.http.support.TestServer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Replays the JSON golden files of {@code wire/<dialect>/} against a whole Rotor ({@link TestServer} with the
 * production key rings of {@link Dialects#keyRings}: random port,
 * mutable clock) over real HTTP. A file names optional {@code settings}, {@code given} steps ({@code login},
 * {@code refresh}, {@code logout}, {@code revoke}, {@code disable-user}, {@code delete-user},
 * {@code advance:<ISO duration>}), a request ({@code body} JSON, {@code form} or {@code rawBody}; {@code {{refresh}}},
 * {@code {{access}}}, {@code {{password}}}, {@code {{origin}}}, {@code {{x<N>}}} substituted) and the response:
 * status, the headers it names (exactly one value each), and the body, where {@code "<jwt>"}, {@code "<datetime>"},
 * {@code "<unix:P1D>"} (now + duration, in seconds), {@code <refresh>} and {@code <refresh-ttl-seconds>} are patterns.
 */
final class WireGoldenRunner {

    static final String PASSWORD = "wonderland";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JWT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final Pattern DATETIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}.*");
    private static final Pattern X_N = Pattern.compile("\\{\\{x(\\d+)}}");

    /** How a dialect logs in and refreshes for the {@code given} steps. */
    interface Flows {
        /** Logs alice in; returns {refresh, access}. */
        String[] login(TestServer server, Map<String, String> settings);

        void refresh(TestServer server, String refresh);

        default void logout(TestServer server, String refresh) {
            throw new UnsupportedOperationException("logout");
        }

        /** Seconds of the refresh cookie's Max-Age, for {@code <refresh-ttl-seconds>}. */
        default long refreshTtlSeconds() {
            return 0;
        }
    }

    private WireGoldenRunner() {
    }

    static Stream<DynamicTest> replay(String dialect, Flows flows) {
        Path dir = directory("wire/" + dialect);
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertThat(all).as("golden files of " + dialect).isNotEmpty();
            return all.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), p.toUri(),
                    () -> replayOne(p, flows)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path directory(String resource) {
        try {
            return Path.of(WireGoldenRunner.class.getClassLoader().getResource(resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void replayOne(Path file, Flows flows) throws IOException {
        JsonNode golden = JSON.readTree(file.toFile());
        String name = file.getFileName().toString();
        Map<String, String> settings = new HashMap<>();
        golden.path("settings").fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
        try (TestServer server = new TestServer(settings, DialectKeys.real(settings))) {
            Map<String, String> vars = new HashMap<>();
            vars.put("password", PASSWORD);
            vars.put("origin", "http://127.0.0.1:" + server.rotor.port());
            for (JsonNode step : golden.path("given")) {
                given(step.asText(), server, flows, settings, vars);
            }
            HttpResponse<String> response = server.send(request(golden.get("request"), server, vars));
            check(name, golden.get("response"), response, server, flows);
        }
    }

    private static void given(String step, TestServer server, Flows flows, Map<String, String> settings,
                              Map<String, String> vars) {
        switch (step) {
            case "login" -> {
                String[] tokens = flows.login(server, settings);
                vars.put("refresh", tokens[0]);
                vars.put("access", tokens[1]);
            }
            case "refresh" -> flows.refresh(server, vars.get("refresh"));
            case "logout" -> flows.logout(server, vars.get("refresh"));
            case "revoke" -> {
                for (Session s : server.rotor.services().sessions().sessionsOf("u1")) {
                    server.rotor.services().sessions().revoke(s.id(), "test");
                }
            }
            case "disable-user" -> server.stores.users().setActive("u1", false);
            case "delete-user" -> deleteUser((InMemoryStores) server.stores, "u1");
            default -> {
                if (!step.startsWith("advance:")) {
                    throw new IllegalArgumentException("unknown given step " + step);
                }
                server.clock.advance(Duration.parse(step.substring("advance:".length())));
            }
        }
    }

    /** The stores have no user deletion (users are disabled in production); the test reaches into the map. */
    @SuppressWarnings("unchecked")
    private static void deleteUser(InMemoryStores stores, String id) {
        try {
            Field users = InMemoryStores.class.getDeclaredField("users");
            users.setAccessible(true);
            synchronized (stores) {
                ((Map<String, ?>) users.get(stores)).remove(id);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static String substitute(String text, Map<String, String> vars) {
        Matcher m = X_N.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, "x".repeat(Integer.parseInt(m.group(1))));
        }
        m.appendTail(sb);
        String out = sb.toString();
        for (Map.Entry<String, String> v : vars.entrySet()) {
            out = out.replace("{{" + v.getKey() + "}}", v.getValue());
        }
        assertThat(out).as("unresolved substitution").doesNotContain("{{");
        return out;
    }

    private static HttpRequest request(JsonNode req, TestServer server, Map<String, String> vars) {
        String body = null;
        if (req.has("body")) {
            body = substitute(req.get("body").toString(), vars);
        } else if (req.has("rawBody")) {
            body = substitute(req.get("rawBody").asText(), vars);
        } else if (req.has("form")) {
            List<String> pairs = new ArrayList<>();
            req.get("form").fields().forEachRemaining(e -> pairs.add(
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(substitute(e.getValue().asText(), vars), StandardCharsets.UTF_8)));
            body = String.join("&", pairs);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(req.get("path").asText())))
                .timeout(Duration.ofSeconds(10))
                .method(req.get("method").asText(), body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        req.path("headers").fields().forEachRemaining(e -> b.header(e.getKey(), substitute(e.getValue().asText(), vars)));
        return b.build();
    }

    private static void check(String name, JsonNode expected, HttpResponse<String> response, TestServer server,
                              Flows flows) throws IOException {
        String got = name + " (got " + response.statusCode() + " " + response.headers().map() + " " + response.body() + ")";
        assertThat(response.statusCode()).as(got + " status").isEqualTo(expected.get("status").asInt());
        Iterator<Map.Entry<String, JsonNode>> headers = expected.path("headers").fields();
        while (headers.hasNext()) {
            Map.Entry<String, JsonNode> h = headers.next();
            List<String> values = response.headers().allValues(h.getKey());
            assertThat(values).as(got + " header " + h.getKey()).hasSize(1);
            String pattern = Pattern.quote(h.getValue().asText())
                    .replace("<refresh>", "\\E[^;\\s]+\\Q")
                    .replace("<refresh-ttl-seconds>", "\\E" + flows.refreshTtlSeconds() + "\\Q");
            assertThat(values.get(0)).as(got + " header " + h.getKey()).matches(pattern);
        }
        if (expected.has("bodyContains")) {
            assertThat(contains(JSON.readTree(response.body()), expected.get("bodyContains")))
                    .as(got + " body contains " + expected.get("bodyContains")).isTrue();
            return;
        }
        JsonNode body = expected.get("body");
        if (body == null || body.isNull()) {
            assertThat(response.body()).as(got + " body").isEmpty();
            return;
        }
        JsonNode actual;
        try {
            actual = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(got + " body is not JSON", e);
        }
        Optional<String> diff = diff("$", body, actual, server.clock.instant().getEpochSecond());
        assertThat(diff).as(got + " body").isEmpty();
    }

    /** The first difference between a golden body (with patterns) and the actual body, if any. */
    static Optional<String> diff(String at, JsonNode want, JsonNode got, long now) {
        if (got == null) {
            return Optional.of(at + " missing");
        }
        if (want.isTextual()) {
            String w = want.textValue();
            if (w.equals("<jwt>")) {
                return got.isTextual() && JWT.matcher(got.textValue()).matches() ? Optional.empty() : Optional.of(at + " not a JWT");
            }
            if (w.equals("<datetime>")) {
                return got.isTextual() && DATETIME.matcher(got.textValue()).matches() ? Optional.empty()
                        : Optional.of(at + " not a datetime: " + got);
            }
            if (w.startsWith("<unix:") && w.endsWith(">")) {
                long expected = now + Duration.parse(w.substring(6, w.length() - 1)).toSeconds();
                return got.isIntegralNumber() && Math.abs(got.longValue() - expected) <= 2 ? Optional.empty()
                        : Optional.of(at + " expected about " + expected + ", got " + got);
            }
        }
        if (want.isObject()) {
            if (!got.isObject()) {
                return Optional.of(at + " not an object");
            }
            List<String> names = new ArrayList<>();
            want.fieldNames().forEachRemaining(names::add);
            List<String> gotNames = new ArrayList<>();
            got.fieldNames().forEachRemaining(gotNames::add);
            if (!gotNames.containsAll(names) || !names.containsAll(gotNames)) {
                return Optional.of(at + " keys " + gotNames + " instead of " + names);
            }
            for (String n : names) {
                Optional<String> d = diff(at + "." + n, want.get(n), got.get(n), now);
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        }
        if (want.isArray()) {
            if (!got.isArray() || got.size() != want.size()) {
                return Optional.of(at + " array " + got + " instead of " + want);
            }
            for (int i = 0; i < want.size(); i++) {
                Optional<String> d = diff(at + "[" + i + "]", want.get(i), got.get(i), now);
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        }
        return want.equals(got) ? Optional.empty() : Optional.of(at + " " + got + " instead of " + want);
    }

    private static boolean contains(JsonNode got, JsonNode want) {
        if (want.isObject()) {
            if (!got.isObject()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> it = want.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!got.has(e.getKey()) || !contains(got.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        return want.equals(got);
    }

    // ---- helpers the per-dialect flows share

    static HttpResponse<String> post(TestServer server, String path, String contentType, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return server.send(b.build());
    }

    static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("given step answered " + response.body()).isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }
}

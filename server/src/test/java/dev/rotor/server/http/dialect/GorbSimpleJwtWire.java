package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Replays golden wire files ({@code src/test/resources/wire/<dialect>/<case>.json}) against a fresh server each.
 *
 * <p>A case is {@code {"doc", "settings": {ROTOR_*: value}, "steps": [...]}}; a step has an optional {@code do}
 * (fixture action), {@code advance} (ISO-8601 duration for the test clock), {@code request} ({@code method, path,
 * headers, body} — body is the raw text), {@code expect} ({@code status}, {@code headers} with null meaning absent,
 * {@code body} as JSON) and {@code capture} (variable ← top-level body field). In requests {@code {{name}}} is
 * replaced by a variable. In an expected body, a string {@code "{{name}}"} must equal the variable, and
 * {@code "<jwt>"}, {@code "<hex32>"}, {@code "<hex64>"}, {@code "<not:name>"} (a different value than the variable)
 * and {@code "<prefix:text>"} match by pattern.
 *
 * <p>Actions: {@code {"disable": "<user id>"}}, and {@code {"sign": {"var", "key": "same"|"other", "claims"}}}, which
 * signs a token as the real simplejwt would (HS256, typ JWT) with claim values {@code "@now+N"} (epoch seconds) and
 * {@code "@hex32"} (a random jti).
 */
final class GorbSimpleJwtWire {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VAR = Pattern.compile("\\{\\{([a-z_0-9]+)}}");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private GorbSimpleJwtWire() {
    }

    static Stream<DynamicTest> cases(String dialect) {
        URL dir = GorbSimpleJwtWire.class.getResource("/wire/" + dialect);
        assertThat(dir).as("golden files for " + dialect).isNotNull();
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            List<Path> sorted = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertThat(sorted).isNotEmpty();
            return sorted.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), p.toUri(),
                    () -> run(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void run(Path file) throws Exception {
        JsonNode spec;
        try (InputStream in = Files.newInputStream(file)) {
            spec = JSON.readTree(in);
        }
        Map<String, String> settings = new HashMap<>();
        spec.path("settings").fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
        try (GorbSimpleJwtHarness server = new GorbSimpleJwtHarness(settings)) {
            Map<String, String> vars = new HashMap<>();
            vars.put("long", "x".repeat(10_000));
            int index = 0;
            for (JsonNode step : spec.path("steps")) {
                step(server, step, vars, file.getFileName() + " step " + index++);
            }
        }
    }

    private static void step(GorbSimpleJwtHarness server, JsonNode step, Map<String, String> vars, String where)
            throws Exception {
        if (step.has("do")) {
            act(server, step.get("do"), vars);
        }
        if (step.has("advance")) {
            server.clock.advance(Duration.parse(step.get("advance").asText()));
        }
        if (!step.has("request")) {
            return;
        }
        JsonNode request = step.get("request");
        HttpRequest.Builder builder = HttpRequest.newBuilder(
                URI.create(server.base() + substitute(request.get("path").asText(), vars)))
                .timeout(Duration.ofSeconds(10));
        request.path("headers").fields().forEachRemaining(h -> builder.header(h.getKey(), substitute(h.getValue().asText(), vars)));
        String body = request.has("body") ? substitute(request.get("body").asText(), vars) : null;
        builder.method(request.path("method").asText("POST"), body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode expect = step.path("expect");
        String context = where + ": " + response.statusCode() + " " + response.body();
        assertThat(response.statusCode()).as(context).isEqualTo(expect.path("status").asInt());
        expect.path("headers").fields().forEachRemaining(h -> {
            List<String> values = response.headers().allValues(h.getKey());
            if (h.getValue().isNull()) {
                assertThat(values).as(context + " header " + h.getKey()).isEmpty();
            } else {
                assertThat(values).as(context + " header " + h.getKey()).containsExactly(h.getValue().asText());
            }
        });
        if (expect.has("body")) {
            JsonNode actual;
            try {
                actual = JSON.readTree(response.body());
            } catch (IOException e) {
                fail(context + ": body is not JSON");
                return;
            }
            match(expect.get("body"), actual, vars, context, "$");
        }
        step.path("capture").fields().forEachRemaining(c -> {
            JsonNode value = readBody(response.body()).get(c.getValue().asText());
            assertThat(value).as(context + " capture " + c.getKey()).isNotNull();
            vars.put(c.getKey(), value.asText());
        });
    }

    private static JsonNode readBody(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void act(GorbSimpleJwtHarness server, JsonNode action, Map<String, String> vars) {
        if (action.has("disable")) {
            server.sessions.disableUser(action.get("disable").asText());
        }
        if (action.has("sign")) {
            JsonNode sign = action.get("sign");
            ObjectNode claims = JSON.createObjectNode();
            long now = server.clock.instant().getEpochSecond();
            for (Iterator<Map.Entry<String, JsonNode>> it = sign.get("claims").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> claim = it.next();
                String text = claim.getValue().isTextual() ? claim.getValue().textValue() : null;
                if (text != null && text.startsWith("@now")) {
                    claims.put(claim.getKey(), now + (text.length() > 4 ? Long.parseLong(text.substring(4)) : 0));
                } else if ("@hex32".equals(text)) {
                    claims.put(claim.getKey(), HexFormat.of().formatHex(dev.rotor.core.token.Secrets.random(16)));
                } else {
                    claims.set(claim.getKey(), claim.getValue());
                }
            }
            String key = "other".equals(sign.path("key").asText()) ? "some-other-key" : GorbSimpleJwtHarness.SIMPLEJWT_KEY;
            vars.put(sign.get("var").asText(), new SimpleJwtTestCodec(key)
                    .signRaw("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims.toString()));
        }
    }

    static String substitute(String text, Map<String, String> vars) {
        Matcher m = VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = vars.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("no variable " + m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    private static void match(JsonNode expected, JsonNode actual, Map<String, String> vars, String context,
                              String path) {
        if (expected.isObject()) {
            assertThat(actual.isObject()).as(context + " at " + path).isTrue();
            List<String> expectedNames = new ArrayList<>();
            expected.fieldNames().forEachRemaining(expectedNames::add);
            List<String> actualNames = new ArrayList<>();
            actual.fieldNames().forEachRemaining(actualNames::add);
            assertThat(actualNames).as(context + " members at " + path).containsExactlyElementsOf(expectedNames);
            for (String name : expectedNames) {
                match(expected.get(name), actual.get(name), vars, context, path + "." + name);
            }
        } else if (expected.isArray()) {
            assertThat(actual.isArray() && actual.size() == expected.size()).as(context + " at " + path).isTrue();
            for (int i = 0; i < expected.size(); i++) {
                match(expected.get(i), actual.get(i), vars, context, path + "[" + i + "]");
            }
        } else if (expected.isTextual() && actual.isTextual()) {
            matchText(expected.textValue(), actual.textValue(), vars, context + " at " + path);
        } else {
            assertThat(actual).as(context + " at " + path).isEqualTo(expected);
        }
    }

    private static void matchText(String expected, String actual, Map<String, String> vars, String context) {
        switch (expected) {
            case "<jwt>" -> assertThat(actual).as(context).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
            case "<hex32>" -> assertThat(actual).as(context).matches("[0-9a-f]{32}");
            case "<hex64>" -> assertThat(actual).as(context).matches("[0-9a-f]{64}");
            default -> {
                if (expected.startsWith("<not:")) {
                    assertThat(actual).as(context).isNotEqualTo(vars.get(expected.substring(5, expected.length() - 1)));
                } else if (expected.startsWith("<prefix:")) {
                    assertThat(actual).as(context).startsWith(expected.substring(8, expected.length() - 1));
                } else {
                    assertThat(actual).as(context).isEqualTo(substitute(expected, vars));
                }
            }
        }
    }
}

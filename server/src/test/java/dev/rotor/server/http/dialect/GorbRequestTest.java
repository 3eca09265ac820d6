package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GorbRequestTest {

    private static GorbRequest.Parsed parse(String body) {
        return GorbRequest.parse(body.getBytes(StandardCharsets.UTF_8), List.of("refresh_token"));
    }

    @Test
    void readsTheStringField() {
        GorbRequest.Parsed parsed = parse("{\"refresh_token\":\"abc\",\"other\":[1]}");
        assertThat(parsed.error()).isNull();
        assertThat(parsed.get("refresh_token")).isEqualTo("abc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "nope", "{", "{\"refresh_token\":\"a\"} x", "\"str\"x"})
    void notJsonIsAClientError(String body) {
        assertThat(parse(body).error()).isEqualTo(GorbRequest.NOT_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{\"refresh_token\":\"a\"}]", "\"a\"", "1", "true", "null"})
    void notAnObjectIsAClientError(String body) {
        assertThat(parse(body).error()).isIn(GorbRequest.NOT_OBJECT, GorbRequest.NOT_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"refresh_token\":null}", "{\"refresh_token\":1}", "{\"refresh_token\":[\"a\"]}",
            "{\"refresh_token\":{}}", "{\"refresh_token\":true}", "{\"Refresh_Token\":\"a\"}",
            "{\"refresh_token\":\"a\",\"refresh_token\":\"b\"}"})
    void aMissingNonStringOrRepeatedFieldIsAClientError(String body) {
        assertThat(parse(body).error()).isNotNull();
        assertThat(parse(body).fields()).isNull();
    }

    @Test
    void deepNestingIsRefusedNotThrown() {
        String deep = "[".repeat(100_000);
        assertThat(parse(deep).error()).isEqualTo(GorbRequest.NOT_JSON);
    }
}

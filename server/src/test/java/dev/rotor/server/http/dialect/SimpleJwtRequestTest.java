package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DRF's request parsing and CharField messages, as DIALECTS.md "simplejwt" lists them. */
class SimpleJwtRequestTest {

    private static final String JSON = "application/json";

    private static SimpleJwtRequest.Parsed parse(String type, String body, String... fields) {
        return SimpleJwtRequest.parse(type, body.getBytes(StandardCharsets.UTF_8), List.of(fields));
    }

    private static String error(String type, String body, String... fields) {
        SimpleJwtRequest.Parsed parsed = parse(type, body, fields);
        assertThat(parsed.ok()).isFalse();
        return parsed.status() + " " + parsed.error();
    }

    @Test
    void jsonAndFormBodiesGiveTrimmedValues() {
        assertThat(parse(JSON, "{\"refresh\":\" t \"}", "refresh").get("refresh")).isEqualTo("t");
        assertThat(parse("application/json; charset=utf-8", "{\"refresh\":\"t\"}", "refresh").get("refresh"))
                .isEqualTo("t");
        assertThat(parse("application/x-www-form-urlencoded", "refresh=a%2Bb+c&x=1&refresh=last", "refresh")
                .get("refresh")).isEqualTo("last");
        assertThat(parse("application/x-www-form-urlencoded", "refresh=%E2%9C%93%zz", "refresh").get("refresh"))
                .isEqualTo("\u2713%zz");
        assertThat(parse(JSON, "{\"password\":12}", "password").get("password")).isEqualTo("12");
    }

    @Test
    void duplicateJsonNamesKeepTheLastAsPythonDoes() {
        assertThat(parse(JSON, "{\"refresh\":\"a\",\"refresh\":\"b\"}", "refresh").get("refresh")).isEqualTo("b");
    }

    @CsvSource(delimiter = '|', value = {
            "''|400 {\"username\":[\"This field is required.\"],\"password\":[\"This field is required.\"]}",
            "{}|400 {\"username\":[\"This field is required.\"],\"password\":[\"This field is required.\"]}",
            "{\"username\":null,\"password\":\"p\"}|400 {\"username\":[\"This field may not be null.\"]}",
            "{\"username\":\"\",\"password\":\"  \"}|400 {\"username\":[\"This field may not be blank.\"],\"password\":[\"This field may not be blank.\"]}",
            "{\"username\":[],\"password\":{}}|400 {\"username\":[\"Not a valid string.\"],\"password\":[\"Not a valid string.\"]}",
            "{\"username\":true,\"password\":\"p\"}|400 {\"username\":[\"Not a valid string.\"]}",
            "{\"username\":\"a\\u0000b\",\"password\":\"p\"}|400 {\"username\":[\"Null characters are not allowed.\"]}",
            "{\"username\":\"\\ud800\",\"password\":\"p\"}|400 {\"username\":[\"Surrogate characters are not allowed: U+D800.\"]}",
            "[]|400 {\"non_field_errors\":[\"Invalid data. Expected a dictionary, but got list.\"]}",
            "\"x\"|400 {\"non_field_errors\":[\"Invalid data. Expected a dictionary, but got str.\"]}",
            "1|400 {\"non_field_errors\":[\"Invalid data. Expected a dictionary, but got int.\"]}",
            "1.5|400 {\"non_field_errors\":[\"Invalid data. Expected a dictionary, but got float.\"]}",
            "true|400 {\"non_field_errors\":[\"Invalid data. Expected a dictionary, but got bool.\"]}",
            "null|400 {\"non_field_errors\":[\"This field may not be null.\"]}",
    })
    @ParameterizedTest
    void serializerMessages(String body, String expected) {
        assertThat(error(JSON, body, "username", "password")).isEqualTo(expected);
    }

    @Test
    void malformedJsonNamesTheParserError() {
        assertThat(error(JSON, "{\"refresh\":", "refresh")).startsWith("400 {\"detail\":\"JSON parse error - ");
        assertThat(error(JSON, "{} {}", "refresh")).startsWith("400 {\"detail\":\"JSON parse error - ");
        assertThat(error(JSON, "[".repeat(50_000), "refresh")).startsWith("400 {\"detail\":\"JSON parse error - ");
    }

    @Test
    void otherMediaTypesAre415WithTheTypeSent() {
        assertThat(error("text/plain", "refresh=x", "refresh"))
                .isEqualTo("415 {\"detail\":\"Unsupported media type \\\"text/plain\\\" in request.\"}");
        assertThat(error("text/plain; charset=utf-8", "x", "refresh"))
                .isEqualTo("415 {\"detail\":\"Unsupported media type \\\"text/plain; charset=utf-8\\\" in request.\"}");
        assertThat(error(null, "x", "refresh"))
                .isEqualTo("415 {\"detail\":\"Unsupported media type \\\"\\\" in request.\"}");
        assertThat(error("multipart/form-data; boundary=x", "x", "refresh")).startsWith("415 ");
    }
}

package dev.rotor.server.http.dialect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a gorb request body: a JSON object whose named fields must all be strings (DIALECTS.md "gorb": 400 for a body
 * that is not JSON, not an object, or lacks a string field). Duplicate names are refused, as serde does.
 */
final class GorbRequest {

    static final String NOT_JSON = "Invalid JSON body";
    static final String NOT_OBJECT = "Request body must be a JSON object";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The string fields read, or the message of a 400. Exactly one of the two is non-null. */
    record Parsed(Map<String, String> fields, String error) {
        String get(String name) {
            return fields.get(name);
        }
    }

    private GorbRequest() {
    }

    static Parsed parse(byte[] body, List<String> required) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return new Parsed(null, NOT_JSON);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return new Parsed(null, NOT_JSON);
        }
        if (root == null || root.isMissingNode()) {
            return new Parsed(null, NOT_JSON);
        }
        if (!root.isObject()) {
            return new Parsed(null, NOT_OBJECT);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : required) {
            JsonNode value = root.get(name);
            if (value == null || !value.isTextual()) {
                return new Parsed(null, "Missing or invalid field: " + name);
            }
            fields.put(name, value.textValue());
        }
        return new Parsed(fields, null);
    }
}

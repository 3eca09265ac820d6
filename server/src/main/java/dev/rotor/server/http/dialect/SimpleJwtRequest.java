package dev.rotor.server.http.dialect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a simplejwt request body the way Django REST framework does (DIALECTS.md "simplejwt"): JSON or form bodies,
 * 415 for any other media type, and the serializer's per-field messages for {@code CharField}s (missing, null, blank,
 * not a string), with values trimmed as DRF trims them.
 */
final class SimpleJwtRequest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Python's json keeps the last of duplicate names, and so does Jackson's tree model by default. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The cleaned field values, or a 4xx status with its body. */
    record Parsed(Map<String, String> fields, int status, ObjectNode error) {
        static Parsed failed(int status, ObjectNode error) {
            return new Parsed(null, status, error);
        }

        boolean ok() {
            return fields != null;
        }

        String get(String name) {
            return fields.get(name);
        }
    }

    private SimpleJwtRequest() {
    }

    static Parsed parse(String contentType, byte[] body, List<String> fieldNames) {
        Object data;
        if (body == null || body.length == 0) {
            data = NODES.objectNode(); // DRF reads an empty body as {} whatever its media type
        } else {
            String media = mediaType(contentType);
            if (matches("application/json", media)) {
                try {
                    data = JSON.readTree(body);
                } catch (JsonProcessingException e) {
                    return Parsed.failed(400, detail("JSON parse error - " + parserMessage(e)));
                } catch (Exception | StackOverflowError e) {
                    return Parsed.failed(400, detail("JSON parse error - invalid JSON"));
                }
            } else if (matches("application/x-www-form-urlencoded", media)) {
                data = form(body);
            } else {
                return Parsed.failed(415, detail("Unsupported media type \"" + (contentType == null ? "" : contentType)
                        + "\" in request."));
            }
        }
        if (data instanceof JsonNode node && !node.isObject()) {
            String message = node.isNull() || node.isMissingNode() ? "This field may not be null."
                    : "Invalid data. Expected a dictionary, but got " + pythonType(node) + ".";
            ObjectNode error = NODES.objectNode();
            error.set("non_field_errors", NODES.arrayNode().add(message));
            return Parsed.failed(400, error);
        }
        ObjectNode errors = NODES.objectNode();
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : fieldNames) {
            String problem;
            String value = null;
            if (data instanceof Map<?, ?> map) {
                Object raw = map.get(name);
                problem = raw == null ? "This field is required." : null;
                value = raw == null ? null : raw.toString().strip();
                if (problem == null && value.isEmpty()) {
                    problem = "This field may not be blank.";
                }
            } else {
                JsonNode raw = ((JsonNode) data).get(name);
                if (raw == null) {
                    problem = "This field is required.";
                } else if (raw.isNull()) {
                    problem = "This field may not be null.";
                } else if (raw.isTextual() && raw.textValue().strip().isEmpty()) {
                    problem = "This field may not be blank.";
                } else if (raw.isTextual() || raw.isNumber()) {
                    value = (raw.isTextual() ? raw.textValue() : raw.asText()).strip();
                    problem = null;
                } else {
                    problem = "Not a valid string.";
                }
            }
            if (problem == null) {
                problem = characterProblem(value);
            }
            if (problem != null) {
                errors.set(name, NODES.arrayNode().add(problem));
            } else {
                fields.put(name, value);
            }
        }
        return errors.isEmpty() ? new Parsed(fields, 200, null) : Parsed.failed(400, errors);
    }

    static ObjectNode detail(String message) {
        ObjectNode node = NODES.objectNode();
        node.put("detail", message);
        return node;
    }

    /** DRF's ProhibitNullCharactersValidator and ProhibitSurrogateCharactersValidator. */
    private static String characterProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                return "Null characters are not allowed.";
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    return "Surrogate characters are not allowed: U+" + Integer.toHexString(c).toUpperCase(Locale.ROOT)
                            + ".";
                }
                i++;
            }
        }
        return null;
    }

    /** The media type without parameters, lower case; "" when absent. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /** DRF's media_type_matches: equal main and sub types, where the request may use "*". */
    private static boolean matches(String parser, String media) {
        int slash = media.indexOf('/');
        if (slash <= 0) {
            return false;
        }
        String main = media.substring(0, slash);
        String sub = media.substring(slash + 1);
        int p = parser.indexOf('/');
        return (main.equals("*") || main.equals(parser.substring(0, p)))
                && (sub.equals("*") || sub.equals(parser.substring(p + 1)));
    }

    private static String pythonType(JsonNode node) {
        if (node.isArray()) {
            return "list";
        }
        if (node.isTextual()) {
            return "str";
        }
        if (node.isBoolean()) {
            return "bool";
        }
        if (node.isIntegralNumber()) {
            return "int";
        }
        return node.isNumber() ? "float" : "NoneType";
    }

    /** The parser's own words, first line only: never the request body echoed at length. */
    private static String parserMessage(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "invalid JSON" : e.getOriginalMessage();
        int newline = message.indexOf('\n');
        message = newline < 0 ? message : message.substring(0, newline);
        if (message.length() > 200) {
            message = message.substring(0, 200) + "...";
        }
        var location = e.getLocation();
        return location == null ? message
                : message + ": line " + location.getLineNr() + " column " + location.getColumnNr();
    }

    /** application/x-www-form-urlencoded as Django's QueryDict reads it: the last of repeated names wins. */
    static Map<String, String> form(byte[] body) {
        Map<String, String> out = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.ISO_8859_1);
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = unquote(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : unquote(pair.substring(eq + 1));
            out.put(name, value);
        }
        return out;
    }

    /** Percent-decoding that, like Python's unquote, leaves a malformed escape as it is and replaces bad UTF-8. */
    private static String unquote(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else {
                bytes.write(c); // ISO-8859-1 view of the raw bytes: one char per byte
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    static ArrayNode list(String message) {
        return NODES.arrayNode().add(message);
    }
}

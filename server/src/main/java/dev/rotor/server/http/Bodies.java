package dev.rotor.server.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;

/**
 * Request bodies for every dialect: the limits the server reads them within (a larger body is refused with 413 before
 * any handler runs, see {@link Connection}), and parsing as JSON or as a form with typed {@link BadBody} errors.
 */
public final class Bodies {

    /** 64 KiB: DIALECTS.md "Bodies above 64 KiB are refused with 413". */
    public static final int MAX_BODY = 64 * 1024;

    /**
     * A refused body up to this size is read to its end and dropped before the 413 goes out. Closing with the client
     * still sending makes our TCP stack answer its further bytes with a reset, which can erase the 413 from the
     * client's buffers before it reads it (RFC 9112 §9.6). Larger bodies are not read at all: they are refused at once
     * and the client may see only the reset.
     */
    static final int DRAIN_LIMIT = 1024 * 1024;

    /** Duplicate keys are an error; numbers stay exact; no other leniency. */
    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Bodies() {
    }

    /** The body as a JSON object; an empty body reads as an empty object (so fields are "missing"). */
    public static JsonBody json(Exchange ctx) {
        return parseJson(ctx.body());
    }

    /** The body as an {@code application/x-www-form-urlencoded} form. */
    public static FormBody form(Exchange ctx) {
        return FormBody.parse(ctx.body());
    }

    /** Parses JSON bytes into an object; see {@link BadBody.Kind} for the errors. Public for the fuzz tests. */
    public static JsonBody parseJson(byte[] body) {
        if (isBlank(body)) {
            return new JsonBody(STRICT.createObjectNode(), true);
        }
        JsonNode node;
        try {
            node = STRICT.readTree(body);
        } catch (JsonParseException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Duplicate field")) {
                throw new BadBody(BadBody.Kind.DUPLICATE_KEY, null, e.getOriginalMessage());
            }
            throw new BadBody(BadBody.Kind.MALFORMED_JSON, null, e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new BadBody(BadBody.Kind.MALFORMED_JSON, null, e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadBody(BadBody.Kind.MALFORMED_JSON, null, "unreadable body");
        }
        if (node == null || node.isMissingNode()) {
            return new JsonBody(STRICT.createObjectNode(), true);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new BadBody(BadBody.Kind.NOT_AN_OBJECT, null, JsonBody.pythonTypeName(node));
        }
        return new JsonBody(object, false);
    }

    /** The media type of the request without parameters, lower-case; "" when there is none. */
    public static String mediaType(Exchange ctx) {
        String type = ctx.header("Content-Type");
        if (type == null) {
            return "";
        }
        int semi = type.indexOf(';');
        return (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    public static boolean isJson(Exchange ctx) {
        String t = mediaType(ctx);
        return t.equals("application/json") || (t.startsWith("application/") && t.endsWith("+json"));
    }

    public static boolean isForm(Exchange ctx) {
        return mediaType(ctx).equals("application/x-www-form-urlencoded");
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

}

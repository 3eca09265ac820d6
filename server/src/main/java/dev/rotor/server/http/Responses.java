package dev.rotor.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes JSON answers. Token responses also get {@code Cache-Control: no-store} and {@code Pragma: no-cache}. */
public final class Responses {

    /** One shared, thread-safe writer (DESIGN.md: JSON writers are built once). */
    public static final ObjectMapper JSON = JsonMapper.builder().build();

    private Responses() {
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** Writes {@code body} with status and content type exactly {@code application/json}. */
    public static void json(Exchange ctx, int status, Object body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a response body", e);
        }
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(bytes);
    }

    /** Like {@link #json}, for any response that carries a token (DIALECTS.md: no caching anywhere). */
    public static void token(Exchange ctx, int status, Object body) {
        noStore(ctx);
        json(ctx, status, body);
    }

    public static void noStore(Exchange ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
    }
}

package dev.rotor.server.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads request bodies for every dialect: at most {@link #MAX_BODY} bytes (a larger declared Content-Length is refused
 * before any handler runs, a chunked body as soon as it passes the cap; either is read and dropped up to
 * {@link #DRAIN_LIMIT} first), then parsed as JSON or as a form with typed {@link BadBody} errors. The bytes are read
 * once and kept on the request.
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

    private static final String ATTRIBUTE = "rotor.body";
    /** Set once a handler has read the body or refused it: {@link #readUnread} then leaves it alone. */
    private static final String HANDLED = "rotor.body.handled";

    /** Duplicate keys are an error; numbers stay exact; no other leniency. */
    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Bodies() {
    }

    /** Refuses a request whose declared Content-Length is above the cap (called before any handler). */
    public static void checkDeclaredLength(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BODY) {
            ctx.attribute(HANDLED, Boolean.TRUE);
            if (declared > DRAIN_LIMIT) {
                throw new HttpProblem(413);
            }
            throw tooLarge(input(ctx), 0);
        }
    }

    /**
     * Reads what no handler read of the request's body, up to {@link #DRAIN_LIMIT} (called after every handler, and
     * before the answer is written). An answer that goes out while the client is still sending races its last bytes
     * as a refused body's does (RFC 9112 §9.6), and read to its end the connection also stays open for the next
     * request.
     */
    public static void readUnread(Context ctx) {
        if (ctx.attribute(HANDLED) == null) {
            drain(input(ctx), DRAIN_LIMIT);
        }
    }

    /** The 413 for a body of which {@code alreadyRead} bytes are read, once the rest up to {@link #DRAIN_LIMIT} is. */
    static HttpProblem tooLarge(InputStream in, long alreadyRead) {
        drain(in, DRAIN_LIMIT - alreadyRead);
        return new HttpProblem(413);
    }

    /** Reads and drops up to {@code limit} bytes, or until the body ends or the client stops sending. */
    static void drain(InputStream in, long limit) {
        try {
            if (limit <= 0 || in.read() < 0) {
                return; // the common case: nothing is left, and no buffer is needed to find that out
            }
            byte[] sink = new byte[8192];
            long left = limit - 1;
            int n;
            while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
                left -= n;
            }
        } catch (IOException e) {
            // the client went away or stalled past the idle timeout: the answer goes out all the same
        }
    }

    private static InputStream input(Context ctx) {
        try {
            return ctx.req().getInputStream();
        } catch (IOException e) {
            return InputStream.nullInputStream();
        }
    }

    /** The raw body, read at most once and never more than {@link #MAX_BODY} bytes. */
    public static byte[] bytes(Context ctx) {
        Object cached = ctx.attribute(ATTRIBUTE);
        if (cached instanceof byte[] b) {
            return b;
        }
        checkDeclaredLength(ctx);
        ctx.attribute(HANDLED, Boolean.TRUE);
        byte[] body;
        try (InputStream in = ctx.req().getInputStream()) {
            body = readCapped(in, MAX_BODY, ctx.req().getContentLength());
        } catch (IOException e) {
            throw new HttpProblem(400);
        }
        ctx.attribute(ATTRIBUTE, body);
        return body;
    }

    /**
     * Reads up to {@code cap} bytes; more is a 413 once the rest (up to {@link #DRAIN_LIMIT}) is dropped, or at once
     * when the read fails. {@code declared} is the request's
     * Content-Length (-1 when chunked): a buffer of that size plus one byte takes the whole body and its end in
     * one go, rather than 8 KiB for each body of a few hundred bytes. A wrong declaration only costs a regrowth.
     */
    static byte[] readCapped(InputStream in, int cap, int declared) throws IOException {
        byte[] buffer = new byte[declared >= 0 ? Math.min(declared, cap) + 1 : Math.min(cap + 1, 1024)];
        int size = 0;
        while (true) {
            if (size == buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, cap + 1));
            }
            int n = in.read(buffer, size, buffer.length - size);
            if (n < 0) {
                break;
            }
            size += n;
            if (size > cap) {
                throw tooLarge(in, size);
            }
        }
        return Arrays.copyOf(buffer, size);
    }

    /** The body as a JSON object; an empty body reads as an empty object (so fields are "missing"). */
    public static JsonBody json(Context ctx) {
        return parseJson(bytes(ctx));
    }

    /** The body as an {@code application/x-www-form-urlencoded} form. */
    public static FormBody form(Context ctx) {
        return FormBody.parse(bytes(ctx));
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
    public static String mediaType(Context ctx) {
        String type = ctx.header("Content-Type");
        if (type == null) {
            return "";
        }
        int semi = type.indexOf(';');
        return (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    public static boolean isJson(Context ctx) {
        String t = mediaType(ctx);
        return t.equals("application/json") || (t.startsWith("application/") && t.endsWith("+json"));
    }

    public static boolean isForm(Context ctx) {
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

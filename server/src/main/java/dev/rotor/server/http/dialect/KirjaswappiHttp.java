package dev.rotor.server.http.dialect;

import dev.rotor.server.http.Bodies;
import dev.rotor.server.http.dialect.KirjaswappiDialect.Reply;
import dev.rotor.server.http.dialect.KirjaswappiDialect.Request;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Bridges the framework-independent kirjaswappi/duktig/watchr handlers ({@link Request} in, {@link Reply} out) to
 * Javalin: every value of a repeated header is kept (duplicate cookies must be seen to be refused).
 */
final class KirjaswappiHttp {

    private KirjaswappiHttp() {
    }

    static Handler handler(Function<Request, Reply> dialect) {
        return ctx -> write(ctx, dialect.apply(read(ctx)));
    }

    static Request read(Context ctx) {
        HttpServletRequest req = ctx.req();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.computeIfAbsent(name, k -> new ArrayList<>()).addAll(Collections.list(req.getHeaders(name)));
        }
        byte[] body = "GET".equals(req.getMethod()) ? new byte[0] : Bodies.bytes(ctx);
        return new Request(req.getMethod(), ctx.path(), headers, body, req.getScheme());
    }

    static void write(Context ctx, Reply reply) {
        ctx.status(reply.status());
        reply.headers().forEach((name, values) -> {
            for (String value : values) {
                if (name.equalsIgnoreCase("Content-Type")) {
                    ctx.contentType(value);
                } else {
                    ctx.res().addHeader(name, value);
                }
            }
        });
        if (reply.body() != null) {
            ctx.result(reply.body());
        } else {
            ctx.result("");
        }
    }
}

package dev.rotor.server.http.dialect;

import dev.rotor.server.http.Exchange;
import dev.rotor.server.http.Handler;
import dev.rotor.server.http.dialect.KirjaswappiDialect.Reply;
import dev.rotor.server.http.dialect.KirjaswappiDialect.Request;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Bridges the framework-independent kirjaswappi/duktig/watchr handlers ({@link Request} in, {@link Reply} out) to the
 * server's {@link Exchange}: every value of a repeated header is kept (duplicate cookies must be seen to be refused).
 */
final class KirjaswappiHttp {

    private KirjaswappiHttp() {
    }

    static Handler handler(Function<Request, Reply> dialect) {
        return ctx -> write(ctx, dialect.apply(read(ctx)));
    }

    static Request read(Exchange ctx) {
        Map<String, List<String>> headers = new LinkedHashMap<>(ctx.headers());
        byte[] body = "GET".equals(ctx.method()) ? new byte[0] : ctx.body();
        return new Request(ctx.method(), ctx.path(), headers, body, "http");
    }

    static void write(Exchange ctx, Reply reply) {
        ctx.status(reply.status());
        reply.headers().forEach((name, values) -> {
            for (String value : values) {
                ctx.addHeader(name, value);
            }
        });
        ctx.result(reply.body() != null ? reply.body() : "");
    }
}

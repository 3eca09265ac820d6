package dev.rotor.server.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.List;

/**
 * What a dialect registers its endpoints through: applies the dialect's prefix, and records which paths it owns so
 * that a 404, 405, 413 or 5xx on them is written in its {@link ErrorShape}.
 */
public final class Routes {

    private final Dialect dialect;
    private final JavalinDefaultRoutingApi api;
    private final RouteTable table;
    private final List<TokenIntrospector> introspectors;

    Routes(Dialect dialect, JavalinDefaultRoutingApi api, RouteTable table, List<TokenIntrospector> introspectors) {
        this.dialect = dialect;
        this.api = api;
        this.table = table;
        this.introspectors = List.copyOf(introspectors);
    }

    public void post(String path, Handler handler) {
        add(HandlerType.POST, path, handler);
    }

    public void get(String path, Handler handler) {
        add(HandlerType.GET, path, handler);
    }

    public void add(HandlerType method, String path, Handler handler) {
        String full = dialect.prefix() + path;
        table.claim(full, dialect);
        api.addHttpHandler(method, full, handler);
    }

    /** Every enabled dialect's token recognisers, for OAuth 2.0 introspection and revocation. */
    public List<TokenIntrospector> introspectors() {
        return introspectors;
    }
}

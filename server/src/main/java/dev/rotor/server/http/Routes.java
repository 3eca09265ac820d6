package dev.rotor.server.http;

import java.util.List;

/**
 * What a dialect registers its endpoints through: applies the dialect's prefix, and records which paths it owns so
 * that a 404, 405, 413 or 5xx on them is written in its {@link ErrorShape}.
 */
public final class Routes {

    /** Where routes go: the server's table of method and path. */
    @FunctionalInterface
    interface Sink {
        void add(String method, String path, AsyncHandler handler);
    }

    private final Dialect dialect;
    private final Sink sink;
    private final RouteTable table;
    private final List<TokenIntrospector> introspectors;

    Routes(Dialect dialect, Sink sink, RouteTable table, List<TokenIntrospector> introspectors) {
        this.dialect = dialect;
        this.sink = sink;
        this.table = table;
        this.introspectors = List.copyOf(introspectors);
    }

    /** A POST route whose handler may block: it runs on a thread of its own. */
    public void post(String path, Handler handler) {
        add("POST", path, handler);
    }

    public void get(String path, Handler handler) {
        add("GET", path, handler);
    }

    /** A route for any method, upper case as on the wire ({@code "PUT"}, say), whose handler may block. */
    public void add(String method, String path, Handler handler) {
        register(method, path, ex -> ex.blocking(handler));
    }

    /** A POST route whose handler never blocks (see {@link AsyncHandler}): the refresh endpoints. */
    public void postAsync(String path, AsyncHandler handler) {
        register("POST", path, handler);
    }

    private void register(String method, String path, AsyncHandler handler) {
        String full = dialect.prefix() + path;
        table.claim(full, dialect);
        sink.add(method, full, handler);
    }

    /** Every enabled dialect's token recognisers, for OAuth 2.0 introspection and revocation. */
    public List<TokenIntrospector> introspectors() {
        return introspectors;
    }
}

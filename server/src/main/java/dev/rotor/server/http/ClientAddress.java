package dev.rotor.server.http;

import io.javalin.http.Context;

/**
 * The address a request came from: the TCP peer. Forwarding headers are not trusted, because any client can send
 * them; put a proxy's address rewriting in the proxy.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(Context ctx) {
        String addr = ctx.req().getRemoteAddr();
        return addr == null ? "unknown" : addr;
    }
}

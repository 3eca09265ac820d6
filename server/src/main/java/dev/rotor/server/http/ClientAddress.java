package dev.rotor.server.http;


/**
 * The address a request came from: the TCP peer. Forwarding headers are not trusted, because any client can send
 * them; put a proxy's address rewriting in the proxy.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(Exchange ctx) {
        return ctx.remoteAddress();
    }
}

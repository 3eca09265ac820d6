package dev.rotor.server.http;

import dev.rotor.server.crypto.JwtCodec;

/** The signing keys the HTTP layer needs: one ring per purpose (a dialect name), the public JWKS, and readiness. */
public interface KeySource {

    /** The ring of {@code purpose} (e.g. "oauth2"); the same instance every call, reloaded behind the scenes. */
    JwtCodec ring(String purpose);

    /** The public keys of every ring, as a JWKS JSON document. */
    String jwks();

    /** True once keys have been loaded from the store. */
    boolean loaded();

    /**
     * Re-reads keys from the store and drops expired retired ones. {@link dev.rotor.server.Rotor} calls it every
     * {@code Rotor.KEY_MAINTENANCE_EVERY}, which bounds how long another node's rotation takes to reach signing here.
     */
    default void maintain() {
    }
}

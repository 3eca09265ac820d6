package dev.rotor.core.token;

import java.security.SecureRandom;

/** Random token secrets. */
public final class Secrets {

    /**
     * 128 bits: the least any secret is drawn with, and the least random bits of one that is a whole credential (opaque
     * tokens). A refresh secret gives its first bytes to its issue time; {@link RefreshKey} says why that is enough.
     */
    public static final int MIN_BYTES = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    public static byte[] random(int bytes) {
        if (bytes < MIN_BYTES) {
            throw new IllegalArgumentException("a token secret needs at least " + MIN_BYTES + " bytes");
        }
        byte[] secret = new byte[bytes];
        RANDOM.nextBytes(secret);
        return secret;
    }
}

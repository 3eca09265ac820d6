package dev.rotor.core.token;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a refresh secret is keyed in the store, and the time stamp that makes those keys grow in order.
 *
 * <p>A secret long enough to spare {@value #STAMP_BYTES} bytes and still carry {@link Secrets#MIN_BYTES} random ones
 * (the 32-byte secrets of oauth2, gorb and watchr) starts with the epoch milliseconds it was issued at, big-endian, and
 * its key is that stamp in hex followed by its {@link TokenHash}. Keys of new tokens then sort after every older key,
 * so each rotation's insert lands on the last leaf of the key index instead of on a random one: a random leaf cost
 * each group commit one more page per refresh, and stamped keys halved p99 under {@code bench/run.sh}. The stamp says
 * only when the token was issued, which its holder knows and its record stores anyway; the hash covers the whole
 * secret.
 * The 16-byte secrets that JWT dialects carry in {@code jti} have no room for it and are keyed by their hash alone.
 */
public final class RefreshKey {

    /** 48 bits of milliseconds last until the year 10889. */
    static final int STAMP_BYTES = 6;
    private static final HexFormat HEX = HexFormat.of();

    private RefreshKey() {
    }

    /** True when secrets of this length carry a stamp. */
    static boolean stamps(int secretBytes) {
        return secretBytes >= Secrets.MIN_BYTES + STAMP_BYTES;
    }

    /** A new secret of {@code bytes} bytes issued at {@code issuedAt}: stamped when it has room, else all random. */
    public static byte[] newSecret(int bytes, Instant issuedAt) {
        byte[] secret = Secrets.random(bytes);
        if (stamps(bytes)) {
            stamp(secret, issuedAt);
        }
        return secret;
    }

    /** Overwrites the first {@value #STAMP_BYTES} bytes of {@code secret} with {@code issuedAt}'s milliseconds. */
    static void stamp(byte[] secret, Instant issuedAt) {
        long millis = issuedAt.toEpochMilli();
        for (int i = STAMP_BYTES - 1; i >= 0; i--) {
            secret[i] = (byte) millis;
            millis >>>= 8;
        }
    }

    /** The store key of a refresh secret. */
    public static String of(byte[] secret) {
        String hash = TokenHash.of(secret);
        return stamps(secret.length) ? stampHex(secret) + hash : hash;
    }

    /**
     * Looks a refresh secret up by its key and, when that finds nothing, by its hash alone: tokens issued before keys
     * were stamped are stored under their hash and must keep working after an upgrade. Only an unknown token pays
     * the second look-up.
     */
    public static <T> Optional<T> find(byte[] secret, Function<String, Optional<T>> lookUp) {
        String hash = TokenHash.of(secret); // once: this is every refresh's look-up
        if (!stamps(secret.length)) {
            return lookUp.apply(hash);
        }
        Optional<T> found = lookUp.apply(stampHex(secret) + hash);
        return found.isPresent() ? found : lookUp.apply(hash);
    }

    private static String stampHex(byte[] secret) {
        return HEX.formatHex(secret, 0, STAMP_BYTES);
    }
}

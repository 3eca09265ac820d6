package dev.rotor.core.token;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a refresh secret is keyed in the store, and the time stamp that makes those keys grow in order.
 *
 * <p>Every refresh secret starts with the epoch milliseconds it was issued at, big-endian, in its first
 * {@value #STAMP_BYTES} bytes, and its key is that stamp in hex followed by its {@link TokenHash}. Keys of new tokens
 * then sort after every older key, so each rotation's insert lands on the last leaf of the key index instead of on a
 * random one: a random leaf cost each group commit one more page per refresh, and stamped keys halved p99 under
 * {@code bench/run.sh}. The stamp says only when the token was issued, which its holder knows and its record stores
 * anyway; the hash covers the whole secret.
 *
 * <p>What stays random is enough for what each kind of secret does. An opaque token's 32 bytes (oauth2, gorb, watchr)
 * are the whole credential and keep 26 random ones, more than {@link Secrets#MIN_BYTES}. The 16 bytes that the JWT
 * dialects carry in {@code jti} (simplejwt, kirjaswappi, duktig) are printed in every token's readable payload and
 * prove nothing on their own: those tokens are looked up only after their signature has been verified, so their
 * {@code jti} needs to be unique, not unguessable, and 10 random bytes under a millisecond stamp are (UUIDv7, RFC 9562
 * §5.7, keeps 74). A {@code jti} minted elsewhere (a token simplejwt signed, adopted) is keyed the same way; its first
 * bytes are random, so its one key lands out of order.
 */
public final class RefreshKey {

    /** 48 bits of milliseconds last until the year 10889. */
    static final int STAMP_BYTES = 6;
    private static final HexFormat HEX = HexFormat.of();

    private RefreshKey() {
    }

    /** A new secret of {@code bytes} bytes issued at {@code issuedAt}: its stamp, then random bytes. */
    public static byte[] newSecret(int bytes, Instant issuedAt) {
        byte[] secret = Secrets.random(bytes);
        stamp(secret, issuedAt);
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
        return stampHex(secret) + TokenHash.of(secret);
    }

    /**
     * Looks a refresh secret up by its key and, when that finds nothing, by its hash alone: tokens issued before keys
     * were stamped are stored under their hash and must keep working after an upgrade. Only such a token, or an unknown
     * one, pays the second look-up.
     */
    public static <T> Optional<T> find(byte[] secret, Function<String, Optional<T>> lookUp) {
        String hash = TokenHash.of(secret); // once: this is every refresh's look-up
        Optional<T> found = lookUp.apply(stampHex(secret) + hash);
        return found.isPresent() ? found : lookUp.apply(hash);
    }

    private static String stampHex(byte[] secret) {
        return HEX.formatHex(secret, 0, STAMP_BYTES);
    }
}

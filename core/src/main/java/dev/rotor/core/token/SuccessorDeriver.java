package dev.rotor.core.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives a refresh token's successor secret from the presented secret with a keyed HMAC-SHA256.
 * Because the successor is a function of the presented token, a retry within the grace period gets the
 * very same successor back without the store ever holding a token in plaintext (CORE.md step 5).
 */
public final class SuccessorDeriver {

    private static final byte[] LABEL = "rotor refresh successor v1".getBytes(StandardCharsets.US_ASCII);
    /** Keyed and fed the label once, then copied per successor: no provider look-up or key schedule per refresh. */
    private final Mac prototype;

    public SuccessorDeriver(byte[] key) {
        if (key == null || key.length < 32) {
            throw new IllegalArgumentException("the successor key needs at least 32 bytes");
        }
        try {
            prototype = Mac.getInstance("HmacSHA256");
            prototype.init(new SecretKeySpec(key.clone(), "HmacSHA256"));
            prototype.update(LABEL);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }

    /**
     * The successor of {@code presented}, as long as the presented secret (at most 32 bytes), issued at
     * {@code rotatedAt}: the rotation's stamp ({@link RefreshKey}) in front of the derived bytes, so a retry derives
     * the same successor from the rotation time its record keeps.
     */
    public byte[] successorOf(byte[] presented, Instant rotatedAt) {
        if (presented.length < Secrets.MIN_BYTES || presented.length > 32) {
            throw new IllegalArgumentException("refresh secrets are 16 to 32 bytes");
        }
        try {
            Mac mac = (Mac) prototype.clone();
            byte[] derived = mac.doFinal(presented);
            byte[] successor = new byte[presented.length];
            RefreshKey.stamp(successor, rotatedAt);
            System.arraycopy(derived, 0, successor, RefreshKey.STAMP_BYTES, presented.length - RefreshKey.STAMP_BYTES);
            return successor;
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 cannot be copied", e);
        }
    }
}

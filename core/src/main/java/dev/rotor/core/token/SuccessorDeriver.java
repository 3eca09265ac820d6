package dev.rotor.core.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives a refresh token's successor secret from the presented secret with a keyed HMAC-SHA256.
 * Because the successor is a function of the presented token, a retry within the grace period gets the
 * very same successor back without the store ever holding a token in plaintext (CORE.md step 5).
 */
public final class SuccessorDeriver {

    private static final byte[] LABEL = "rotor refresh successor v1".getBytes(StandardCharsets.US_ASCII);
    private final SecretKeySpec key;

    public SuccessorDeriver(byte[] key) {
        if (key == null || key.length < 32) {
            throw new IllegalArgumentException("the successor key needs at least 32 bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** The successor of {@code presented}, as long as the presented secret (at most 32 bytes). */
    public byte[] successorOf(byte[] presented) {
        if (presented.length < Secrets.MIN_BYTES || presented.length > 32) {
            throw new IllegalArgumentException("refresh secrets are 16 to 32 bytes");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(LABEL);
            return Arrays.copyOf(mac.doFinal(presented), presented.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }
}

package dev.rotor.core.token;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The only form in which a token secret is stored: SHA-256, base64url without padding (43 characters).
 * A plain hash is enough because every secret has at least 128 random bits (CORE.md "Storage").
 */
public final class TokenHash {

    /** Copied per hash, never used itself: a provider look-up per hash cost four times the hashing. */
    private static final MessageDigest PROTOTYPE = sha256();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private TokenHash() {
    }

    public static String of(byte[] secret) {
        try {
            return B64.encodeToString(((MessageDigest) PROTOTYPE.clone()).digest(secret));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 cannot be copied", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}

package dev.rotor.core.token;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The only form in which a token secret is stored: SHA-256, base64url without padding (43 characters).
 * A plain hash is enough because every secret has at least 128 random bits (CORE.md "Storage").
 */
public final class TokenHash {

    private TokenHash() {
    }

    public static String of(byte[] secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}

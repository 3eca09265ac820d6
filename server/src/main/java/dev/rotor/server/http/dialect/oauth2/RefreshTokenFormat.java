package dev.rotor.server.http.dialect.oauth2;

import java.util.Base64;
import java.util.Optional;

/**
 * OAuth 2.0 refresh tokens on the wire: {@code rt_} followed by the base64url (no padding) of a 32-byte secret, 46
 * characters in all. Anything else is refused before any lookup (CORE.md step 1).
 */
public final class RefreshTokenFormat {

    public static final String PREFIX = "rt_";
    public static final int SECRET_BYTES = 32;
    static final int LENGTH = PREFIX.length() + 43;

    private RefreshTokenFormat() {
    }

    public static String encode(byte[] secret) {
        if (secret.length != SECRET_BYTES) {
            throw new IllegalArgumentException("OAuth 2.0 refresh secrets are 32 bytes");
        }
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The secret of a well-formed token, or empty; never throws. */
    public static Optional<byte[]> parse(String token) {
        if (token == null || token.length() != LENGTH || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return Optional.empty();
            }
        }
        byte[] secret = Base64.getUrlDecoder().decode(token.substring(PREFIX.length()));
        // 43 characters carry 258 bits: only the canonical encoding (last character's low bits zero) is accepted.
        if (secret.length != SECRET_BYTES || !encode(secret).equals(token)) {
            return Optional.empty();
        }
        return Optional.of(secret);
    }
}

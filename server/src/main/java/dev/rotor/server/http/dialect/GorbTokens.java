package dev.rotor.server.http.dialect;

import java.util.HexFormat;

/**
 * gorb's opaque token format (DIALECTS.md "gorb"): lowercase hex of random bytes, 32 bytes (64 hex chars) for a
 * refresh token and 16 bytes (32 hex chars) for an access token. Anything else is not a gorb token.
 */
final class GorbTokens {

    static final int REFRESH_BYTES = 32;
    static final int ACCESS_BYTES = 16;

    private static final HexFormat HEX = HexFormat.of();

    private GorbTokens() {
    }

    static String encode(byte[] secret) {
        return HEX.formatHex(secret);
    }

    /** The secret of a refresh token, or null when {@code token} is not exactly 64 lowercase hex characters. */
    static byte[] refreshSecret(String token) {
        return decode(token, REFRESH_BYTES);
    }

    /** The secret of an access token, or null when {@code token} is not exactly 32 lowercase hex characters. */
    static byte[] accessSecret(String token) {
        return decode(token, ACCESS_BYTES);
    }

    private static byte[] decode(String token, int bytes) {
        if (token == null || token.length() != bytes * 2) {
            return null;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return null;
            }
        }
        return HEX.parseHex(token);
    }
}

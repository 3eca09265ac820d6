package dev.rotor.server.crypto;

import java.util.Base64;

/**
 * Strict base64url without padding (RFC 7515 section 2, RFC 4648 section 5): only the URL alphabet, no '=', and
 * unused trailing bits zero, so one token has exactly one spelling.
 */
final class Base64Url {

    private Base64Url() {}

    static boolean canonical(String s, int from, int to) {
        int n = to - from;
        if (n <= 0 || n % 4 == 1) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (value(s.charAt(i)) < 0) {
                return false;
            }
        }
        int last = value(s.charAt(to - 1));
        return switch (n % 4) {
            case 2 -> (last & 0x0f) == 0;
            case 3 -> (last & 0x03) == 0;
            default -> true;
        };
    }

    /** The decoded bytes, or null when the text is not canonical base64url. */
    static byte[] decode(String s, int from, int to) {
        if (!canonical(s, from, to)) {
            return null;
        }
        return Base64.getUrlDecoder().decode(s.substring(from, to));
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '-') {
            return 62;
        }
        return c == '_' ? 63 : -1;
    }
}

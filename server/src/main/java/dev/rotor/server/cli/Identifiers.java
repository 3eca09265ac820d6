package dev.rotor.server.cli;

/**
 * What the CLI stores as a username, an e-mail address or a client id, checked before anything is stored: an empty
 * username or client id, or one with stray white space, was stored as given and then matched no login.
 */
final class Identifiers {

    private Identifiers() {
    }

    static void username(String value) {
        if (value.isBlank() || !value.equals(value.strip()) || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a username must not be empty, begin or end with white space, or hold "
                    + "control characters: \"" + value + "\"");
        }
    }

    /** Null or empty: no address. Otherwise local@domain, the one shape every dialect's e-mail login relies on. */
    static void email(String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        int at = value.lastIndexOf('@');
        if (at <= 0 || at == value.length() - 1
                || value.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("an e-mail address must be local@domain with no white space: \""
                    + value + "\"");
        }
    }

    /** RFC 6749 appendix A.1 allows VSCHAR (%x20-7E); the space is left out, since no client sends one it means. */
    static void clientId(String value) {
        if (value.isEmpty() || value.chars().anyMatch(c -> c < 0x21 || c > 0x7E)) {
            throw new IllegalArgumentException("a client id must be one or more visible ASCII characters, no space: \""
                    + value + "\"");
        }
    }
}

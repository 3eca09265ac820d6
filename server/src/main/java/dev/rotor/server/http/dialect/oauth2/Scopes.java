package dev.rotor.server.http.dialect.oauth2;

import java.util.LinkedHashSet;
import java.util.Set;

/** RFC 6749 §3.3 scope strings: space-delimited scope tokens of visible ASCII other than '"' and '\'. */
final class Scopes {

    private Scopes() {
    }

    static Set<String> parse(String scope) {
        Set<String> out = new LinkedHashSet<>();
        if (scope == null) {
            return out;
        }
        for (String token : scope.split(" ")) {
            if (token.isEmpty()) {
                continue;
            }
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
                    throw OAuth2Error.invalidScope("Malformed scope");
                }
            }
            out.add(token);
        }
        return out;
    }

    static String join(Set<String> scopes) {
        return scopes.isEmpty() ? null : String.join(" ", scopes);
    }

    /** The scope a refresh grants: the request's if it is within the original grant (RFC 6749 §6), else invalid_scope. */
    static String narrowed(String granted, String requested) {
        if (requested == null) {
            return granted;
        }
        Set<String> want = parse(requested);
        if (!parse(granted).containsAll(want)) {
            throw OAuth2Error.invalidScope("The requested scope exceeds the scope originally granted");
        }
        return join(want);
    }

}

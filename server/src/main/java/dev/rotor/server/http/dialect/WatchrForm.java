package dev.rotor.server.http.dialect;

import dev.rotor.server.http.dialect.KirjaswappiDialect.Request;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Parsing of watchr's form bodies and of the {@code refresh_token} cookie; malformed input is simply absent. */
final class WatchrForm {

    private WatchrForm() {
    }

    /** The fields of an {@code application/x-www-form-urlencoded} body; any other body has none. */
    static Map<String, List<String>> parse(Request request) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        List<String> types = request.header("Content-Type");
        if (types.size() != 1 || types.get(0) == null
                || !types.get(0).trim().toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                || request.body() == null) {
            return form;
        }
        String body = new String(request.body(), StandardCharsets.UTF_8);
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                form.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException e) {
                // bad percent-encoding: the pair is ignored, as if it was not sent
            }
        }
        return form;
    }

    /** The last value of a field (FastAPI takes the last), or null when absent or empty. */
    static String single(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        String value = values.get(values.size() - 1);
        return value.isEmpty() ? null : value;
    }

    /**
     * The value of exactly one {@code refresh_token} cookie over all Cookie headers; empty when there is none, more
     * than one, or the value holds control characters (a CRLF-injected cookie is refused, never a 5xx).
     */
    static Optional<String> refreshCookie(Request request) {
        List<String> found = new ArrayList<>();
        for (String header : request.header("Cookie")) {
            if (header == null) {
                continue;
            }
            for (String part : header.split(";")) {
                String pair = part.trim();
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(WatchrDialect.COOKIE)) {
                    found.add(pair.substring(eq + 1).trim());
                }
            }
        }
        if (found.size() != 1) {
            return Optional.empty();
        }
        String value = found.get(0);
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return Optional.empty();
            }
        }
        return Optional.of(value);
    }
}

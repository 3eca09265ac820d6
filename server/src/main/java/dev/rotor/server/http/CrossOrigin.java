package dev.rotor.server.http;

import dev.rotor.server.config.SettingsException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The CORS protocol (Fetch standard, #http-cors-protocol) for endpoints that pages of configured origins call from a
 * browser: which origins may, what a preflight is answered, and what lets a page read an answer. The origin is always
 * named back, never {@code *}.
 */
public final class CrossOrigin {

    /**
     * The request headers a page may ask for: the CORS-safelisted ones (Fetch standard,
     * #cors-safelisted-request-header), which is all that form and cookie endpoints take.
     */
    private static final List<String> REQUEST_HEADERS = List.of("accept", "accept-language", "content-language",
            "content-type");

    private final Set<String> origins;
    private final boolean credentials;

    private CrossOrigin(Set<String> origins, boolean credentials) {
        this.origins = Set.copyOf(origins);
        this.credentials = credentials;
    }

    /**
     * {@code origins} as browsers send them in {@code Origin}; {@code credentials} when the page's cookies must go
     * along (Fetch standard, #cors-protocol-and-credentials).
     */
    public static CrossOrigin of(Set<String> origins, boolean credentials) {
        return new CrossOrigin(origins, credentials);
    }

    /**
     * The comma-separated origins of the setting {@code name}, each written as a browser sends it (RFC 6454 §6.1:
     * lower-case scheme and host, no default port, no path), so that {@code HTTPS://App.example.com:443/} matches too.
     * A value that is not an origin stops start-up, naming the setting.
     */
    public static CrossOrigin fromSetting(String name, Optional<String> value, boolean credentials) {
        Set<String> origins = new HashSet<>();
        for (String item : value.orElse("").split(",")) {
            if (!item.isBlank()) {
                origins.add(origin(name, item.trim()));
            }
        }
        return new CrossOrigin(origins, credentials);
    }

    private static String origin(String setting, String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            uri = null;
        }
        String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null
                || !uri.getRawPath().replace("/", "").isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new SettingsException(setting + ": " + text
                    + " is not an origin (scheme, host and optional port, such as https://app.example.com)");
        }
        int defaultPort = scheme.equals("https") ? 443 : 80;
        String port = uri.getPort() == -1 || uri.getPort() == defaultPort ? "" : ":" + uri.getPort();
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + port;
    }

    /** Whether no origin is allowed: then there is nothing to preflight. */
    public boolean none() {
        return origins.isEmpty();
    }

    /** The request's origin when its one {@code Origin} header names an allowed origin, else null. */
    public String allowed(List<String> originHeader) {
        String origin = single(originHeader);
        return origin != null && origins.contains(origin) ? origin : null;
    }

    /** What lets the page of an {@link #allowed} origin read the answer. */
    public Map<String, String> answerHeaders(String origin) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Access-Control-Allow-Origin", origin);
        if (credentials) {
            headers.put("Access-Control-Allow-Credentials", "true");
        }
        headers.put("Vary", "Origin");
        return headers;
    }

    /**
     * Why a preflight (Fetch standard, #cors-preflight-fetch) is refused, or null when it is granted: only for an
     * allowed origin, POST, and safelisted request headers. A refusal carries no Access-Control-Allow-Origin, so the
     * browser sends nothing.
     */
    public String refusal(List<String> origin, List<String> method, List<String> requestHeaders) {
        String requested = single(method);
        if (single(origin) == null || requested == null) {
            return "Not a CORS preflight request";
        }
        if (allowed(origin) == null) {
            return "Disallowed CORS origin";
        }
        if (!requested.equals("POST")) { // methods are case-sensitive (RFC 9110 §9.1)
            return "Disallowed CORS method";
        }
        for (String name : String.join(",", requestHeaders).split(",")) {
            if (!name.isBlank() && !REQUEST_HEADERS.contains(name.trim().toLowerCase(Locale.ROOT))) {
                return "Disallowed CORS headers";
            }
        }
        return null;
    }

    /** The answer to a preflight that {@link #refusal} granted. */
    public Map<String, String> preflightHeaders(String origin) {
        Map<String, String> headers = answerHeaders(origin);
        headers.put("Access-Control-Allow-Methods", "POST");
        headers.put("Access-Control-Allow-Headers", String.join(", ", REQUEST_HEADERS));
        headers.put("Access-Control-Max-Age", "600");
        return headers;
    }

    /** The trimmed value of a header sent exactly once, else null. */
    public static String single(List<String> values) {
        return values.size() == 1 && values.get(0) != null ? values.get(0).trim() : null;
    }
}

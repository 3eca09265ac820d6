package dev.rotor.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which dialect owns a request path, so that the server's own errors (404, 405, 413, 5xx) are in its shape. */
final class RouteTable {

    private final Map<String, Dialect> exact = new LinkedHashMap<>();

    void claim(String path, Dialect dialect) {
        Dialect previous = exact.putIfAbsent(normalize(path), dialect);
        if (previous != null && previous != dialect) {
            throw new IllegalStateException("dialects " + previous.name() + " and " + dialect.name()
                    + " both claim " + path + "; move one with ROTOR_<D>_PREFIX");
        }
    }

    /**
     * The dialect whose route is this path, else the one sharing the most leading path segments with it (at least one),
     * else null. Ties go to the dialect registered first.
     */
    Dialect owner(String path) {
        String p = normalize(path);
        Dialect hit = exact.get(p);
        if (hit != null) {
            return hit;
        }
        List<String> segments = segments(p);
        Dialect best = null;
        int bestShared = 0;
        for (Map.Entry<String, Dialect> e : exact.entrySet()) {
            int shared = shared(segments, segments(e.getKey()));
            if (shared > bestShared) {
                best = e.getValue();
                bestShared = shared;
            }
        }
        return best;
    }

    private static int shared(List<String> a, List<String> b) {
        int n = 0;
        while (n < a.size() && n < b.size() && a.get(n).equals(b.get(n))) {
            n++;
        }
        return n;
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** The path without one trailing slash: routes match with and without it. */
    static String normalize(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}

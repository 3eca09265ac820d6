package dev.rotor.server.config;

import dev.rotor.core.refresh.RefreshService;
import dev.rotor.core.session.RotationPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every setting of one Rotor process (DESIGN.md "Operating contract"), validated once at startup. Built from a map of
 * {@code ROTOR_*} names to values, so tests never read the real environment; {@link SettingsLoader} merges defaults,
 * file, environment and flags into that map.
 *
 * <p>Per-dialect settings are looked up generically by dialect name ({@link #dialect}), so a new dialect needs no
 * change here beyond its name in {@link #DIALECT_NAMES} (and its own extra names in {@link #DIALECT_EXTRAS}).
 */
public record Settings(String host, int port, Path data, String storeUrl, String masterKey, Set<String> dialects,
                       Duration grace, Map<String, String> raw) {

    /** The dialects DESIGN.md names, in the order their routes are registered. */
    public static final List<String> DIALECT_NAMES =
            List.of("oauth2", "gorb", "simplejwt", "kirjaswappi", "duktig", "watchr");

    /** The {@code ROTOR_<D>_*} suffixes every dialect has. */
    public static final List<String> COMMON_SUFFIXES =
            List.of("PREFIX", "ROTATION", "ACCESS_TTL", "REFRESH_TTL", "SIGNING_KEY", "ISSUER");

    /** Settings only one dialect has. */
    public static final Map<String, Set<String>> DIALECT_EXTRAS = Map.of(
            "oauth2", Set.of("PASSWORD_GRANT", "ALG", "ALLOWED_ORIGINS"),
            "simplejwt", Set.of("DETAILED_MESSAGES"),
            "gorb", Set.of("REGISTRATION"),
            "duktig", Set.of("AUTH_KEY"),
            "watchr", Set.of("COOKIE_SECURE", "ALLOWED_ORIGINS"));

    /** Settings that belong to no dialect. */
    public static final Set<String> GLOBAL_NAMES = Set.of("ROTOR_DIALECTS", "ROTOR_GRACE_PERIOD", "ROTOR_STORE_URL",
            "ROTOR_MASTER_KEY", "ROTOR_HOST", "ROTOR_PORT", "ROTOR_DATA");

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_DATA = "rotor-data";
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    public Settings {
        dialects = Collections.unmodifiableSet(new LinkedHashSet<>(dialects));
        raw = Collections.unmodifiableMap(new TreeMap<>(raw));
    }

    /** Validates {@code values} (names to values; only {@code ROTOR_*} names) and builds the settings. */
    public static Settings from(Map<String, String> values) {
        for (String name : values.keySet()) {
            if (!known(name)) {
                throw new SettingsException("unknown setting " + name);
            }
        }
        String host = values.getOrDefault("ROTOR_HOST", DEFAULT_HOST).trim();
        if (host.isEmpty()) {
            throw new SettingsException("ROTOR_HOST must not be empty");
        }
        int port = parsePort(values.getOrDefault("ROTOR_PORT", String.valueOf(DEFAULT_PORT)));
        Path data = Path.of(values.getOrDefault("ROTOR_DATA", DEFAULT_DATA));
        String store = blankToNull(values.get("ROTOR_STORE_URL"));
        String master = blankToNull(values.get("ROTOR_MASTER_KEY"));
        Set<String> on = parseDialects(values.getOrDefault("ROTOR_DIALECTS", String.join(",", DIALECT_NAMES)));
        Duration grace = parseDuration("ROTOR_GRACE_PERIOD", values.getOrDefault("ROTOR_GRACE_PERIOD", DEFAULT_GRACE.toString()));
        if (grace.compareTo(RefreshService.MAX_GRACE) > 0) {
            throw new SettingsException("ROTOR_GRACE_PERIOD must be at most PT60S, got " + grace);
        }
        Settings settings = new Settings(host, port, data, store, master, on, grace, values);
        for (String dialect : DIALECT_NAMES) {
            settings.dialect(dialect, new DialectDefaults("always", Duration.ofMinutes(5), Duration.ofDays(1)));
        }
        return settings;
    }

    /** {@code host:port} as a URL's authority: an IPv6 literal goes in brackets (RFC 3986 section 3.2.2). */
    public static String authority(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** Settings with every default: what tests start from. */
    public static Settings defaults() {
        return from(Map.of());
    }

    /** A copy with some names replaced (tests, CLI flags). */
    public Settings with(Map<String, String> overrides) {
        Map<String, String> merged = new TreeMap<>(raw);
        merged.putAll(overrides);
        return from(merged);
    }

    /** The validated settings of {@code dialect}, falling back to {@code defaults}. */
    public DialectSettings dialect(String dialect, DialectDefaults defaults) {
        String prefix = get(dialectKey(dialect, "PREFIX")).map(p -> parsePrefix(dialectKey(dialect, "PREFIX"), p)).orElse("");
        String rotationKey = dialectKey(dialect, "ROTATION");
        RotationPolicy rotation;
        try {
            rotation = RotationPolicy.parse(get(rotationKey).orElse(defaults.rotation()));
        } catch (IllegalArgumentException e) {
            throw new SettingsException(rotationKey + ": " + e.getMessage());
        }
        Duration access = get(dialectKey(dialect, "ACCESS_TTL"))
                .map(v -> positive(dialectKey(dialect, "ACCESS_TTL"), v)).orElse(defaults.accessTtl());
        Duration refresh = get(dialectKey(dialect, "REFRESH_TTL"))
                .map(v -> positive(dialectKey(dialect, "REFRESH_TTL"), v)).orElse(defaults.refreshTtl());
        return new DialectSettings(dialect, dialects.contains(dialect), prefix, rotation, access, refresh,
                get(dialectKey(dialect, "SIGNING_KEY")).orElse(null), get(dialectKey(dialect, "ISSUER")).orElse(null),
                suffix -> get(dialectKey(dialect, suffix)));
    }

    /** A raw value, blank treated as absent. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(blankToNull(raw.get(name)));
    }

    public static String dialectKey(String dialect, String suffix) {
        return "ROTOR_" + dialect.toUpperCase(Locale.ROOT) + "_" + suffix;
    }

    static boolean known(String name) {
        if (GLOBAL_NAMES.contains(name)) {
            return true;
        }
        for (String dialect : DIALECT_NAMES) {
            String head = "ROTOR_" + dialect.toUpperCase(Locale.ROOT) + "_";
            if (name.startsWith(head)) {
                String suffix = name.substring(head.length());
                return COMMON_SUFFIXES.contains(suffix) || DIALECT_EXTRAS.getOrDefault(dialect, Set.of()).contains(suffix);
            }
        }
        return false;
    }

    static boolean parseBoolean(String name, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new SettingsException(name + " must be true or false, got " + value);
    }

    public static Duration parseDuration(String name, String value) {
        try {
            Duration d = Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            if (d.isNegative()) {
                throw new SettingsException(name + " must not be negative, got " + value);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new SettingsException(name + " must be an ISO-8601 duration such as PT5M or P1D, got " + value);
        }
    }

    private static Duration positive(String name, String value) {
        Duration d = parseDuration(name, value);
        if (d.isZero()) {
            throw new SettingsException(name + " must be longer than zero");
        }
        return d;
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new SettingsException("ROTOR_PORT must be a port number 0-65535, got " + value);
        }
    }

    private static Set<String> parseDialects(String value) {
        Set<String> on = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String part : value.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (DIALECT_NAMES.contains(name)) {
                on.add(name);
            } else {
                unknown.add(part.trim());
            }
        }
        if (!unknown.isEmpty()) {
            throw new SettingsException("ROTOR_DIALECTS names unknown dialect(s) " + unknown + "; known: " + DIALECT_NAMES);
        }
        return on;
    }

    private static String parsePrefix(String name, String value) {
        String p = value.trim();
        if (p.equals("/")) {
            return "";
        }
        if (!p.startsWith("/") || p.endsWith("/") || p.contains("//") || !p.matches("[A-Za-z0-9/._~-]+")) {
            throw new SettingsException(name + " must look like /path (leading slash, no trailing slash), got " + value);
        }
        return p;
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** Never print the master key or signing keys. */
    @Override
    public String toString() {
        return "Settings[host=" + host + ", port=" + port + ", data=" + data + ", store=" + (storeUrl == null ? "sqlite" : "url")
                + ", dialects=" + dialects + ", grace=" + grace + "]";
    }
}

package dev.rotor.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges the sources of settings, later winning: defaults &lt; {@code --config FILE} ({@code KEY=value} lines with the
 * same {@code ROTOR_*} names, {@code #} comments) &lt; environment {@code ROTOR_*} &lt; command-line flags.
 */
public final class SettingsLoader {

    private SettingsLoader() {
    }

    /**
     * @param configFile optional file, may be null
     * @param environment the process environment (tests pass a map); names not starting with ROTOR_ are ignored, and so are
     *                    the test harness's ROTOR_TEST_* and the launcher's ROTOR_JAVA_OPTS and ROTOR_CDS
     * @param flags       values from command-line flags, already under their ROTOR_ names
     */
    /** Read by the {@code ./rotor} launcher (JVM options, class-data sharing), never by the server: not settings. */
    static final Set<String> LAUNCHER_VARIABLES = Set.of("ROTOR_JAVA_OPTS", "ROTOR_CDS");

    public static Settings load(Path configFile, Map<String, String> environment, Map<String, String> flags) {
        Map<String, String> merged = new TreeMap<>();
        if (configFile != null) {
            merged.putAll(readFile(configFile));
        }
        environment.forEach((k, v) -> {
            if (k.startsWith("ROTOR_") && !k.startsWith("ROTOR_TEST_") && !LAUNCHER_VARIABLES.contains(k)) {
                merged.put(k, v);
            }
        });
        flags.forEach((k, v) -> {
            if (v != null) {
                merged.put(k, v);
            }
        });
        return Settings.from(merged);
    }

    /**
     * Parses a settings file: {@code ROTOR_NAME=value} lines, blank lines and {@code #} comments; any other line is an
     * error naming the file and line.
     */
    public static Map<String, String> readFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SettingsException("cannot read settings file " + file + ": " + e.getClass().getSimpleName());
        }
        Map<String, String> values = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq).strip();
            if (eq < 0 || !key.matches("ROTOR_[A-Z0-9_]+")) {
                throw new SettingsException(file + " line " + (i + 1) + ": expected ROTOR_NAME=value");
            }
            values.put(key, unquoted(line.substring(eq + 1).strip()));
        }
        return values;
    }

    /**
     * One pair of matching quotes around a value is removed, as systemd's EnvironmentFile and Docker Compose's env
     * files remove them, so that a file written for those means the same here: kept, {@code "https://id.example"}
     * would have become an issuer with quotes in it. Nothing inside is unescaped.
     */
    private static String unquoted(String value) {
        boolean quoted = value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0);
        return quoted ? value.substring(1, value.length() - 1) : value;
    }
}

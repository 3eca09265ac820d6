package dev.rotor.server.cli;

import dev.rotor.server.config.Settings;
import dev.rotor.server.config.SettingsLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** What every command shares: the backend, the environment, stdin/stdout, and the store options. */
final class Cli {

    final Backend backend;
    final Map<String, String> env;
    final InputStream in;
    final PrintWriter out;

    Cli(Backend backend, Map<String, String> env, InputStream in, PrintWriter out) {
        this.backend = backend;
        this.env = env;
        this.in = in;
        this.out = out;
    }

    /** {@code --data}, {@code --store}, {@code --config}: taken by every command, like {@code serve}. */
    static final class StoreOptions {
        @Option(names = "--data", paramLabel = "DIR", description = "Data directory (SQLite, keys). Default ./rotor-data")
        String data;

        @Option(names = "--store", paramLabel = "URL", description = "Store URL, e.g. postgresql://user@host:5432/db")
        String store;

        @Option(names = "--config", paramLabel = "FILE", description = "Settings file of ROTOR_NAME=value lines")
        Path config;

        Map<String, String> flags() {
            Map<String, String> flags = new HashMap<>();
            flags.put("ROTOR_DATA", data);
            flags.put("ROTOR_STORE_URL", store);
            return flags;
        }
    }

    Settings settings(StoreOptions options, Map<String, String> moreFlags) {
        Map<String, String> flags = options.flags();
        flags.putAll(moreFlags);
        return SettingsLoader.load(options.config, env, flags);
    }

    /** One line from stdin, without its line break; a secret is never an argument (it would show in ps). */
    String secretFromStdin(String what) {
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("expected the " + what + " on standard input");
            }
            return line;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read standard input");
        }
    }
}

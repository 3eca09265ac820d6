package dev.rotor.server.cli;

import dev.rotor.core.store.DuplicateException;
import dev.rotor.core.store.StoreUnavailableException;
import dev.rotor.server.config.SettingsException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code rotor} command line (DESIGN.md "Operating contract"). Exit codes: 0 ok, 1 runtime failure, 2 usage error;
 * failures print one line on stderr, never a stack trace.
 */
@Command(name = "rotor", mixinStandardHelpOptions = true, versionProvider = Main.JarVersion.class,
        scope = CommandLine.ScopeType.INHERIT, description = "Self-hosted refresh-token service.")
public final class Main implements Runnable {

    private final Cli cli;
    private final PrintWriter err;

    Main(Backend backend, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        this.cli = new Cli(backend, env, in, new PrintWriter(out, true, StandardCharsets.UTF_8));
        this.err = new PrintWriter(err, true, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) {
        boolean serving = args.length > 0 && args[0].equals("serve");
        if (serving) {
            setServePropertiesUnlessAsked(); // before anything loads Netty or SLF4J
            StartupWarmup.start(); // overlaps the command line's parsing, too
        }
        int code = new Main(new ProductionBackend(), System.getenv(), System.in, System.out, System.err).run(args);
        // A running server keeps the JVM alive through its event-loop threads; everything else exits with its code.
        if (code != 0 || !serving) {
            System.exit(code);
        }
    }

    /**
     * System properties a server sets for itself unless the operator has (with {@code -D}):
     * <ul>
     * <li>{@code io.netty.jfr.enabled=false}: Netty 4.2's buffer allocator declares JFR events, and loading them makes
     * the JVM build a reflection proxy for each of their annotations even when nothing records: with them off, launch
     * to the first refresh on PostgreSQL took a median 716 instead of 846 ms (bench/starts.sh,
     * bench/results/README.md).</li>
     * <li>{@code slf4j.internal.verbosity=ERROR}: {@link StartupWarmup} sets logback up on its own thread while this
     * one already asks for loggers, so SLF4J replays those calls and would say so in three WARN lines on stderr at most
     * starts. The replayed calls still reach the log; SLF4J's own errors still print.</li>
     * </ul>
     */
    static final Map<String, String> SERVE_PROPERTY_DEFAULTS = Map.of(
            "io.netty.jfr.enabled", "false",
            "slf4j.internal.verbosity", "ERROR");

    static void setServePropertiesUnlessAsked() {
        SERVE_PROPERTY_DEFAULTS.forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is required; see rotor --help");
    }

    /** Runs one command line; returns the exit code. */
    int run(String... args) {
        return commandLine(args).execute(args);
    }

    /** The command tree {@code args} needs, with Rotor's error handling. */
    CommandLine commandLine(String... args) {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("serve", () -> new ServeCommand(cli));
        commands.put("user", () -> group(new UserCommands.Group(), "add", new UserCommands.Add(cli), "list",
                new UserCommands.ListUsers(cli), "disable", new UserCommands.Disable(cli), "enable",
                new UserCommands.Enable(cli), "password", new UserCommands.Password(cli), "remove",
                new UserCommands.Remove(cli), "import", new UserCommands.Import(cli)));
        commands.put("client", () -> group(new AdminCommands.ClientGroup(), "add", new AdminCommands.ClientAdd(cli),
                "list", new AdminCommands.ClientList(cli), "secret", new AdminCommands.ClientSecret(cli),
                "remove", new AdminCommands.ClientRemove(cli)));
        commands.put("session", () -> group(new AdminCommands.SessionGroup(), "list",
                new AdminCommands.SessionList(cli), "revoke", new AdminCommands.SessionRevoke(cli)));
        commands.put("keys", () -> group(new AdminCommands.KeysGroup(), "list", new AdminCommands.KeysList(cli),
                "rotate", new AdminCommands.KeysRotate(cli)));
        commands.put("migrate", () -> new AdminCommands.Migrate(cli));
        commands.put("backup", () -> new AdminCommands.Backup(cli));
        // picocli builds a command's model by reflection: the whole tree took about 0.1 s of a server's start, which
        // has to be under 1 s. A line that names a command needs only that one; anything else (help, a typo to
        // suggest a fix for) gets them all.
        CommandLine line = new CommandLine(this);
        Supplier<Object> named = args.length > 0 ? commands.get(args[0]) : null;
        if (named != null) {
            line.addSubcommand(args[0], named.get());
        } else {
            commands.forEach((name, command) -> line.addSubcommand(name, command.get()));
        }
        line.setOut(cli.out).setErr(err);
        line.setParameterExceptionHandler((e, a) -> {
            err.println("rotor: " + e.getMessage());
            return 2;
        });
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof SettingsException || e instanceof IllegalArgumentException) {
                err.println("rotor: " + e.getMessage());
                return 2;
            }
            err.println("rotor: " + oneLine(e));
            return 1;
        });
        return line;
    }

    /** {@code rotor --version}: the version the build wrote into the jar's manifest (server/pom.xml). */
    static final class JarVersion implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"rotor " + (version == null ? "(not run from its jar: no version)" : version)};
        }
    }

    private static CommandLine group(Object group, Object... namesAndCommands) {
        CommandLine line = new CommandLine(group);
        for (int i = 0; i < namesAndCommands.length; i += 2) {
            line.addSubcommand((String) namesAndCommands[i], namesAndCommands[i + 1]);
        }
        return line;
    }

    /**
     * Only messages Rotor wrote are printed: a library's may quote a URL or a value it was given. For an unreachable
     * store, what went wrong beneath it is named by the root cause's class and the SQLState (08001, 28P01, 3D000...),
     * which say "refused", "wrong password" or "no such database" without quoting anything.
     */
    private static String oneLine(Exception e) {
        if (e instanceof DuplicateException || e instanceof IllegalStateException) {
            return e.getMessage();
        }
        if (e instanceof StoreUnavailableException) {
            return e.getCause() == null ? e.getMessage() : e.getMessage() + " (" + beneath(e) + ")";
        }
        return "failed: " + e.getClass().getSimpleName();
    }

    private static String beneath(Throwable e) {
        String sqlState = null;
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            if (sqlState == null && root instanceof SQLException sql) {
                sqlState = sql.getSQLState();
            }
        }
        return root.getClass().getSimpleName() + (sqlState == null ? "" : ", SQLState " + sqlState);
    }
}

package dev.rotor.server.multinode;

import static org.junit.jupiter.api.Assertions.fail;

import dev.rotor.server.http.support.ServeProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL cluster of the test's own (initdb in a temporary directory, its own port), so that the test may stop
 * and start it without disturbing the machine's shared server. initdb refuses to run as root, so when the test runs
 * as root the server runs as the {@code postgres} user (through {@code runuser}).
 */
final class PrivatePostgres implements AutoCloseable {

    final int port;
    private final Path dir;
    private final Path bin;

    private PrivatePostgres(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
    }

    /** initdb + start; skips with a visible message when no PostgreSQL binaries are installed (fails under CI). */
    static PrivatePostgres start() throws Exception {
        Path bin = findBin();
        if (bin == null) {
            String message = "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + "; CI=true requires them");
            }
            System.err.println("SKIPPED PostgreSQL outage test: " + message);
            Assumptions.abort(message);
        }
        Path dir = Files.createTempDirectory("rotor-pg-");
        PrivatePostgres pg = new PrivatePostgres(bin, dir, ServeProcesses.freePort());
        if (root()) {
            run(List.of("chown", "-R", "postgres", dir.toString()), false);
        }
        pg.pg("initdb", "-D", dir.resolve("data").toString(), "-U", "postgres", "--auth=trust", "-N");
        pg.startServer();
        return pg;
    }

    String storeUrl() {
        return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
    }

    void startServer() throws Exception {
        pg("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(), "-w", "-t", "30",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=on", "start");
    }

    /** Fast shutdown: open transactions are rolled back, connections cut, committed work stays. */
    void stopServer() throws Exception {
        pg("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "-t", "30", "stop");
    }

    private void pg(String tool, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        if (root()) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.add(bin.resolve(tool).toString());
        cmd.addAll(List.of(args));
        run(cmd, true);
    }

    private static void run(List<String> cmd, boolean check) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " did not finish in 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (check && p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out);
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path findBin() throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.naturalOrder()).orElse(null);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            pg("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "-t", "30", "stop");
        } catch (RuntimeException e) {
            // already stopped
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

package dev.rotor.server.multinode;

import dev.rotor.server.http.support.ServeProcesses;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One {@code java -jar rotor.jar …} process: a {@code serve} node on a free port, or a CLI command run to its end. */
final class Node implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final int port;
    final Path log;
    private final Process process;

    private Node(int port, Path log, Process process) {
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** The shaded jar that failsafe names (system property {@code rotor.jar}). */
    static Path jar() {
        String jar = System.getProperty("rotor.jar", "target/rotor.jar");
        Path path = Path.of(jar);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("no shaded jar at " + path.toAbsolutePath() + ": run mvn verify (package first)");
        }
        return path;
    }

    /** Starts {@code rotor serve} on a free port; call {@link #awaitReady} before sending it requests. */
    static Node serve(String storeUrl, Map<String, String> env) throws IOException {
        int port = ServeProcesses.freePort();
        Path log = Files.createTempFile("rotor-node-" + port + "-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command("serve", "--port", String.valueOf(port), "--store", storeUrl))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new Node(port, log, pb.start());
    }

    /** Runs a CLI command to its end (bounded to 60 s), feeding {@code stdin}; fails unless it exits 0. */
    static String cli(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command(args)).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write((stdin + "\n").getBytes());
        }
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("rotor " + String.join(" ", args) + " did not finish in 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (p.exitValue() != 0) {
            throw new IllegalStateException("rotor " + args[0] + " exited " + p.exitValue() + ": " + out);
        }
        return out.strip();
    }

    private static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** GET /health/ready: the status code, or -1 when the node does not answer within 5 s. */
    int ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/health/ready")).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Waits (bounded) for /health/ready to answer 200; fails with the node's log otherwise. */
    Node awaitReady(Duration within) throws InterruptedException {
        ServeProcesses.awaitReady(process, port, within, () -> {
            try {
                return logText();
            } catch (IOException e) {
                return "(no log)";
            }
        });
        return this;
    }

    boolean alive() {
        return process.isAlive();
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log); // a node that failed to start has its log in the failure message already
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }
}

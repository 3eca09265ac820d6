package dev.rotor.server.http.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/** For tests that start {@code rotor serve} as a process: a port for it, and the wait until it is ready. */
public final class ServeProcesses {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServeProcesses() {
    }

    /** A port that was free a moment ago, for a server the test is about to start. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Polls every 50 ms; fails with the process's log when it exits or is not ready within {@code within}. */
    public static void awaitReady(Process process, int port, Duration within, Supplier<String> log)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("rotor serve exited " + process.exitValue() + ": " + log.get());
            }
            try {
                HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("rotor serve did not get ready within " + within + ": " + log.get());
    }
}

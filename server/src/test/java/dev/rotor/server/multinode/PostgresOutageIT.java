package dev.rotor.server.multinode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three nodes on a private PostgreSQL that is stopped and started again under load: requests fail fast with the
 * oauth2 error shape, readiness says not ready, and afterwards every node recovers without a restart and every
 * refresh token a client was given in a 200 still works.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PostgresOutageIT {

    /**
     * Longer than the outage: a refresh whose commit succeeded but whose answer was lost when the database went
     * away is retried by its client with the same token, and must then get the same successor (CORE.md grace).
     */
    static final Duration GRACE = Duration.ofSeconds(60);
    /** Hikari's connection timeout (3 s) plus slack for a loaded machine: nothing may take longer. */
    static final Duration BOUND = Duration.ofSeconds(6);
    static final int CLIENTS = 6;

    static PrivatePostgres pg;
    static Cluster cluster;

    @BeforeAll
    static void start() throws Exception {
        pg = PrivatePostgres.start();
        cluster = new Cluster(pg.storeUrl(), GRACE).start(3);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    /** One client thread: its own session, refreshing round-robin over the nodes, keeping its token on errors. */
    static final class Client implements java.util.concurrent.Callable<String> {
        final int id;
        final AtomicBoolean running;
        final ConcurrentLinkedQueue<OAuth.Reply> failures;
        volatile String token;
        int ok;

        Client(int id, String token, AtomicBoolean running, ConcurrentLinkedQueue<OAuth.Reply> failures) {
            this.id = id;
            this.token = token;
            this.running = running;
            this.failures = failures;
        }

        @Override
        public String call() throws Exception {
            for (int i = id; running.get(); i++) {
                OAuth.Reply r;
                try {
                    r = cluster.client(i).refresh(token);
                } catch (java.net.http.HttpTimeoutException e) {
                    failures.add(new OAuth.Reply(-1, null, "timed out after " + OAuth.REQUEST_TIMEOUT, OAuth.REQUEST_TIMEOUT));
                    continue;
                }
                if (r.status() == 200) {
                    token = r.text("refresh_token");
                    ok++;
                } else {
                    failures.add(r);
                    Thread.sleep(50);
                }
            }
            return token;
        }
    }

    @Test
    void databaseStoppedThenStartedUnderLoadThenFastFailuresNotReadyAndFullRecovery() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<OAuth.Reply> failures = new ConcurrentLinkedQueue<>();
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            OAuth.Reply login = cluster.client(i).login();
            assertThat(login.status()).as(login.raw()).isEqualTo(200);
            clients.add(new Client(i, login.text("refresh_token"), running, failures));
        }
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<String>> futures = new ArrayList<>();
        try {
            clients.forEach(c -> futures.add(pool.submit(c)));
            Thread.sleep(1500);
            assertThat(failures).as("failures before the outage").isEmpty();

            pg.stopServer();
            Thread.sleep(4000); // load keeps running against the stopped database
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                assertThat(cluster.node(i).ready()).as("readiness of node %d while the database is down", i).isEqualTo(503);
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(BOUND);
            }
            assertThat(failures).as("requests failed while the database was down").isNotEmpty();

            pg.startServer();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (int i = 0; i < 3; i++) {
                while (cluster.node(i).ready() != 200 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(cluster.node(i).ready()).as("node %d ready again without a restart", i).isEqualTo(200);
            }
            int before = clients.stream().mapToInt(c -> c.ok).sum();
            Thread.sleep(1500);
            assertThat(clients.stream().mapToInt(c -> c.ok).sum()).as("refreshes after recovery").isGreaterThan(before);
        } finally {
            running.set(false);
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        for (OAuth.Reply failure : failures) {
            assertThat(failure.status()).as("a failure during the outage: %s", failure.raw()).isBetween(500, 599);
            assertThat(failure.text("error")).as(failure.raw()).isIn("temporarily_unavailable", "server_error");
            assertThat(failure.took()).isLessThan(BOUND);
        }
        // No committed rotation lost: the last token each client got in a 200 still refreshes, on every node.
        for (Future<String> f : futures) {
            String last = f.get(1, TimeUnit.SECONDS);
            int node = futures.indexOf(f);
            OAuth.Reply r = cluster.client(node).refresh(last);
            assertThat(r.status()).as("client %d's last token on node %d: %s", node, node % 3, r.raw()).isEqualTo(200);
        }
        System.out.printf("outage: %d refreshes answered 200, %d failed fast (max %s)%n",
                clients.stream().mapToInt(c -> c.ok).sum(), failures.size(),
                failures.stream().map(OAuth.Reply::took).max(Duration::compareTo).orElse(Duration.ZERO));
    }
}

package dev.rotor.server.multinode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three {@code rotor serve} processes on one PostgreSQL schema behind no balancer (the test spreads requests over
 * them itself): rotation is exactly-once across processes, reuse and revocation are seen by every node at once,
 * and a signing key added by one process verifies on the others.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SeveralNodesIT {

    /**
     * Short, because the replay-after-grace test must really wait it out: separate processes cannot share an
     * injected clock, so this is the one place where a test sleeps for wall-clock time.
     */
    static final Duration GRACE = Duration.ofSeconds(2);
    static final int CONCURRENT_REFRESHES = 64;

    static SharedPostgres pg;
    static Cluster cluster;

    @BeforeAll
    static void startNodes() throws Exception {
        pg = SharedPostgres.create();
        cluster = new Cluster(pg.storeUrl(), GRACE).start(3);
    }

    @AfterAll
    static void stopNodes() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void refreshWhenSixtyFourConcurrentOnThreeNodesThenOneSuccessorAndLateReplayRevokesEverywhere() throws Exception {
        OAuth.Reply login = cluster.client(0).login();
        assertThat(login.status()).as(login.raw()).isEqualTo(200);
        String token = login.text("refresh_token");
        String sessionId = cluster.client(1).introspect(login.text("access_token")).text("sid");
        assertThat(sessionId).isNotNull();

        List<OAuth.Reply> replies = refreshConcurrently(token, CONCURRENT_REFRESHES);

        Map<Integer, Integer> statuses = new HashMap<>();
        Set<String> successors = new HashSet<>();
        for (OAuth.Reply r : replies) {
            statuses.merge(r.status(), 1, Integer::sum);
            if (r.status() == 200) {
                successors.add(r.text("refresh_token"));
            }
        }
        assertThat(statuses).as("statuses of %d concurrent refreshes", CONCURRENT_REFRESHES)
                .containsOnlyKeys(200);
        assertThat(successors).hasSize(1).doesNotContain(token);
        assertThat(pg.refreshRecords(sessionId)).as("the presented record plus exactly one successor").isEqualTo(2);
        String successor = successors.iterator().next();
        String access = replies.get(0).text("access_token");

        Thread.sleep(GRACE.plusMillis(700).toMillis()); // wall-clock wait: see GRACE
        OAuth.Reply replay = cluster.client(2).refresh(token);
        assertThat(replay.status()).as(replay.raw()).isEqualTo(400);
        assertThat(replay.text("error")).isEqualTo("invalid_grant");

        for (int i = 0; i < 3; i++) {
            OAuth.Reply after = cluster.client(i).refresh(successor);
            assertThat(after.status()).as("successor on node %d after the replay: %s", i, after.raw()).isEqualTo(400);
            assertThat(cluster.client(i).introspect(access).text("active")).as("access token on node %d", i)
                    .isEqualTo("false");
        }
    }

    @Test
    void revokeOnNodeAThenRefreshFailsOnNodeBAndIntrospectionOnNodeCSaysInactive() throws Exception {
        OAuth.Reply login = cluster.client(0).login();
        OAuth.Reply rotated = cluster.client(1).refresh(login.text("refresh_token"));
        assertThat(rotated.status()).as(rotated.raw()).isEqualTo(200);
        String refresh = rotated.text("refresh_token");
        String access = rotated.text("access_token");
        assertThat(cluster.client(2).introspect(access).text("active")).isEqualTo("true");

        assertThat(cluster.client(0).revoke(refresh).status()).isEqualTo(200);

        OAuth.Reply onB = cluster.client(1).refresh(refresh);
        assertThat(onB.status()).as(onB.raw()).isEqualTo(400);
        assertThat(onB.text("error")).isEqualTo("invalid_grant");
        assertThat(cluster.client(2).introspect(access).text("active")).isEqualTo("false");
        assertThat(cluster.client(2).introspect(login.text("access_token")).text("active")).isEqualTo("false");
    }

    @Test
    void keysRotateThenANewNodeSignsWithItAndTheRunningNodesVerifyAtOnce() throws Exception {
        String before = Node.cli(cluster.env, null, "keys", "list");
        String kid = Node.cli(cluster.env, null, "keys", "rotate", "oauth2");
        assertThat(before).doesNotContain(kid);

        // A node started after the rotation signs with the new key; the running ones have not reloaded yet
        // (they would within Rotor.KEY_MAINTENANCE_EVERY) but must verify its tokens on the first sight of the kid.
        Node fresh = Node.serve(cluster.storeUrl, cluster.env);
        try {
            fresh.awaitReady(Duration.ofSeconds(90));
            OAuth.Reply login = new OAuth(fresh).login();
            assertThat(login.status()).as(login.raw()).isEqualTo(200);
            String access = login.text("access_token");
            assertThat(header(access)).contains(kid);
            for (int i = 0; i < 3; i++) {
                OAuth.Reply info = cluster.client(i).introspect(access);
                assertThat(info.text("active")).as("node %d: %s", i, info.raw()).isEqualTo("true");
            }
        } finally {
            fresh.close();
        }
    }

    /** Fires {@code count} refreshes of one token at once, spread round-robin over the nodes. */
    private static List<OAuth.Reply> refreshConcurrently(String token, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<OAuth.Reply>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                OAuth client = cluster.client(i);
                futures.add(pool.submit(() -> {
                    go.await();
                    return client.refresh(token);
                }));
            }
            go.countDown();
            List<OAuth.Reply> replies = new ArrayList<>();
            for (Future<OAuth.Reply> f : futures) {
                replies.add(f.get(30, TimeUnit.SECONDS));
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String header(String jwt) {
        return new String(java.util.Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))));
    }
}

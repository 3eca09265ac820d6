package dev.rotor.server.store.postgres;

import static dev.rotor.server.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.core.session.RefreshRecord;
import dev.rotor.core.session.Session;
import dev.rotor.core.store.Stores;
import dev.rotor.core.store.WriteResult;
import dev.rotor.server.store.Fixtures;
import dev.rotor.server.store.StoreBehaviourTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared SQL store behaviour on PostgreSQL, plus races between two nodes sharing one database. */
@ExtendWith(PgAvailable.class)
class PostgresStoreBehaviourTest extends StoreBehaviourTest {

    @RegisterExtension
    static final PgTestSchema SCHEMA = PgTestSchema.perClass();

    @Override
    protected Stores open() {
        return SCHEMA.openEmpty(8);
    }

    @Override
    protected Stores reopen() {
        return PostgresStores.open(SCHEMA.url(), 8);
    }

    @ParameterizedTest(name = "withAccessRecord={0}")
    @ValueSource(booleans = {true, false})
    void applyRefreshWhenTwoNodesRaceThenExactlyOneRotates(boolean withAccessRecord) throws Exception {
        Session s = Fixtures.session("u1", T0);
        RefreshRecord first = Fixtures.refresh(s, T0);
        stores.tokens().createSession(s, first, null);
        int writers = 64;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try (Stores otherNode = reopen()) {
            List<Future<WriteResult>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                Stores node = i % 2 == 0 ? stores : otherNode;
                Instant at = T0.plusSeconds(1 + i);
                results.add(pool.submit(() -> {
                    go.await();
                    return node.tokens().applyRefresh(Fixtures.rotate(s, first, at, withAccessRecord));
                }));
            }
            go.countDown();
            List<WriteResult> outcomes = new ArrayList<>();
            for (Future<WriteResult> f : results) {
                outcomes.add(f.get());
            }
            assertThat(outcomes).filteredOn(r -> r == WriteResult.APPLIED).hasSize(1);
            assertThat(outcomes).filteredOn(r -> r == WriteResult.ALREADY_ROTATED).hasSize(writers - 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "withAccessRecord={0}")
    @ValueSource(booleans = {true, false})
    void revokeWhenRacingRefreshesThenNoRefreshAppliesAfterRevoke(boolean withAccessRecord) throws Exception {
        Session s = Fixtures.session("u1", T0);
        RefreshRecord first = Fixtures.refresh(s, T0);
        stores.tokens().createSession(s, first, null);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Stores otherNode = reopen()) {
            CountDownLatch go = new CountDownLatch(1);
            Future<Boolean> revoke = pool.submit(() -> {
                go.await();
                return otherNode.tokens().revokeSession(s.id(), "logout", T0.plusSeconds(1));
            });
            Future<WriteResult> refresh = pool.submit(() -> {
                go.await();
                return stores.tokens().applyRefresh(Fixtures.rotate(s, first, T0.plusSeconds(1), withAccessRecord));
            });
            go.countDown();
            assertThat(revoke.get()).isTrue();
            WriteResult result = refresh.get();
            // Either order is fine; what must never happen is a successor left usable in a revoked session.
            assertThat(stores.tokens().findSession(s.id()).orElseThrow().revoked()).isTrue();
            assertThat(result).isIn(WriteResult.APPLIED, WriteResult.SESSION_NOT_ACTIVE);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void purgeWhenAnotherNodeHoldsThePurgeLockThenThisNodeSkipsUntilItIsReleased() throws Exception {
        Session s = Fixtures.session("u1", T0);
        RefreshRecord first = Fixtures.refresh(s, T0);
        stores.tokens().createSession(s, first, null);
        Instant later = first.expiresAt().plusSeconds(1);
        // Another node purging: it holds the advisory lock that PostgresDatabase.tryPurgeLock asks for.
        try (Connection other = DriverManager.getConnection(SCHEMA.url());
             Statement st = other.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + 0x526f746f72L + ")");
            assertThat(stores.tokens().purgeExpired(later)).isZero();
            assertThat(stores.tokens().findRefresh(first.tokenHash())).isPresent();
            st.execute("SELECT pg_advisory_unlock(" + 0x526f746f72L + ")");
        }
        assertThat(stores.tokens().purgeExpired(later)).isPositive();
        assertThat(stores.tokens().findRefresh(first.tokenHash())).isEmpty();
    }

    @Test
    void sessionWhenMigratedThenNoColumnThatARefreshTouchesIsIndexed() throws Exception {
        // What makes the touch of every refresh a HOT update (V3): an index on any of these columns forbids it.
        List<String> indexed = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(SCHEMA.url());
             Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                     + "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                     + "WHERE i.indrelid = 'session'::regclass")) {
            while (rs.next()) {
                indexed.add(rs.getString(1));
            }
        }

        assertThat(indexed).contains("id", "user_id")
                .doesNotContain("last_used_at", "idle_expires_at", "refresh_expires_at");
    }
}

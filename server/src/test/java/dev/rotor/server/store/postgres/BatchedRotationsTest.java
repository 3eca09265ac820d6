package dev.rotor.server.store.postgres;

import static dev.rotor.server.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.core.session.RefreshRecord;
import dev.rotor.core.session.Session;
import dev.rotor.core.store.RefreshWrite;
import dev.rotor.core.store.StoreUnavailableException;
import dev.rotor.core.store.TokenStore;
import dev.rotor.core.store.WriteResult;
import dev.rotor.server.store.Fixtures;
import dev.rotor.server.store.jdbc.JdbcStores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several rotations in one statement: each must come out as if it had been applied alone. The batches here are
 * built by hand, so that what shares a batch is certain rather than left to timing.
 */
@ExtendWith(PgAvailable.class)
class BatchedRotationsTest {

    @RegisterExtension
    static final PgTestSchema SCHEMA = PgTestSchema.perClass();

    private PostgresDatabase db;
    private TokenStore tokens;
    private BatchedRotations rotations;
    /** Each started session's first refresh record, by session id. */
    private final Map<String, RefreshRecord> firsts = new HashMap<>();

    @BeforeEach
    void open() {
        SCHEMA.openEmpty(4).close(); // migrates the schema and empties it
        db = PostgresDatabase.open(SCHEMA.url(), 4);
        tokens = new JdbcStores(db).tokens();
        rotations = new BatchedRotations(db::retrying);
    }

    @AfterEach
    void close() {
        rotations.close();
        db.close();
    }

    @Test
    void batchWhenWritesDifferThenEachIsDecidedAsIfAlone() throws Exception {
        Session current = started();
        Session revoked = started();
        tokens.revokeSession(revoked.id(), "logout", T0);
        Session rotatedBefore = started();
        RefreshRecord rotatedToken = first(rotatedBefore);
        assertThat(tokens.applyRefresh(Fixtures.rotate(rotatedBefore, rotatedToken, T0.plusSeconds(1), false)))
                .isEqualTo(WriteResult.APPLIED);
        Instant at = T0.plusSeconds(60);
        RefreshWrite toCurrent = Fixtures.rotate(current, first(current), at, false);
        RefreshWrite toRevoked = Fixtures.rotate(revoked, first(revoked), at, false);
        RefreshWrite toRotated = Fixtures.rotate(rotatedBefore, rotatedToken, at, false);

        List<BatchedRotations.Pending> batch = pending(toCurrent, toRevoked, toRotated);
        rotations.apply(batch);

        assertThat(results(batch)).containsExactly(
                WriteResult.APPLIED, WriteResult.SESSION_NOT_ACTIVE, WriteResult.ALREADY_ROTATED);
        assertThat(tokens.findRefresh(toCurrent.presentedHash()).orElseThrow().successorHash())
                .isEqualTo(toCurrent.successor().tokenHash());
        assertThat(tokens.findRefresh(toCurrent.successor().tokenHash())).contains(toCurrent.successor());
        Session touched = tokens.findSession(current.id()).orElseThrow();
        assertThat(touched.lastUsedAt()).isEqualTo(at);
        assertThat(touched.idleExpiresAt()).isEqualTo(toCurrent.idleExpiresAt());
        assertThat(tokens.findRefresh(toRevoked.successor().tokenHash())).isEmpty();
        assertThat(tokens.findRefresh(toRevoked.presentedHash()).orElseThrow().isCurrent()).isTrue();
        assertThat(tokens.findRefresh(toRotated.successor().tokenHash())).isEmpty();
        assertThat(tokens.findSession(rotatedBefore.id()).orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void batchWhenOneTokenPresentedSeveralTimesThenExactlyOneWinsAndOnlyItsWritesStay() throws Exception {
        Session s = started();
        List<RefreshWrite> writes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            writes.add(Fixtures.rotate(s, first(s), T0.plusSeconds(10 + i), false));
        }

        List<BatchedRotations.Pending> batch = pending(writes.toArray(RefreshWrite[]::new));
        rotations.apply(batch);

        List<WriteResult> results = results(batch);
        assertThat(results).filteredOn(r -> r == WriteResult.APPLIED).hasSize(1);
        assertThat(results).filteredOn(r -> r == WriteResult.ALREADY_ROTATED).hasSize(7);
        RefreshWrite winner = writes.get(results.indexOf(WriteResult.APPLIED));
        assertThat(tokens.findRefresh(first(s).tokenHash()).orElseThrow().successorHash())
                .isEqualTo(winner.successor().tokenHash());
        for (RefreshWrite w : writes) {
            assertThat(tokens.findRefresh(w.successor().tokenHash()).isPresent()).isEqualTo(w == winner);
        }
        assertThat(tokens.findSession(s.id()).orElseThrow().lastUsedAt()).isEqualTo(winner.usedAt());
    }

    @Test
    void batchWhenOneWriteFailsThenOnlyItsCallerFails() throws Exception {
        Session good = started();
        Session bad = started();
        RefreshWrite fine = Fixtures.rotate(good, first(good), T0.plusSeconds(5), false);
        // A successor whose hash is taken already: the batch's insert violates the primary key.
        RefreshWrite clashing = new RefreshWrite(bad.id(), first(bad).tokenHash(),
                RefreshRecord.current(first(good).tokenHash(), bad.id(), T0, T0.plusSeconds(99)), T0.plusSeconds(5),
                T0.plusSeconds(99), null);

        List<BatchedRotations.Pending> batch = pending(fine, clashing);
        rotations.apply(batch);

        assertThat(batch.get(0).result.get()).isEqualTo(WriteResult.APPLIED);
        assertThatThrownBy(() -> batch.get(1).result.get()).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(tokens.findRefresh(fine.successor().tokenHash())).contains(fine.successor());
        assertThat(tokens.findRefresh(first(bad).tokenHash()).orElseThrow().isCurrent()).isTrue();
    }

    @Test
    void rotateWhenManyCallersAtOnceThenEveryChainAdvancesOncePerCall() throws Exception {
        int callers = 32;
        int rounds = 20;
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            sessions.add(started());
        }
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<RefreshRecord>> lasts = new ArrayList<>();
            for (Session s : sessions) {
                lasts.add(pool.submit(() -> {
                    go.await();
                    RefreshRecord presented = first(s);
                    for (int round = 1; round <= rounds; round++) {
                        RefreshWrite w = Fixtures.rotate(s, presented, T0.plusSeconds(round), false);
                        assertThat(rotations.rotate(w)).isEqualTo(WriteResult.APPLIED);
                        presented = w.successor();
                    }
                    return presented;
                }));
            }
            go.countDown();
            for (int i = 0; i < callers; i++) {
                RefreshRecord last = lasts.get(i).get();
                assertThat(tokens.findRefresh(last.tokenHash()).orElseThrow().isCurrent()).isTrue();
                assertThat(tokens.findSession(sessions.get(i).id()).orElseThrow().lastUsedAt())
                        .isEqualTo(T0.plusSeconds(rounds));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rotateWhenClosedThenStoreUnavailable() {
        Session s = started();
        rotations.close();

        assertThatThrownBy(() -> rotations.rotate(Fixtures.rotate(s, first(s), T0, false)))
                .isInstanceOf(StoreUnavailableException.class);
    }

    private Session started() {
        Session s = Fixtures.session("u1", T0);
        RefreshRecord first = Fixtures.refresh(s, T0);
        assertThat(tokens.createSession(s, first, null)).isTrue();
        firsts.put(s.id(), first);
        return s;
    }

    private RefreshRecord first(Session s) {
        return firsts.get(s.id());
    }

    private static List<BatchedRotations.Pending> pending(RefreshWrite... writes) {
        List<BatchedRotations.Pending> batch = new ArrayList<>();
        for (RefreshWrite w : writes) {
            batch.add(new BatchedRotations.Pending(w));
        }
        return batch;
    }

    private static List<WriteResult> results(List<BatchedRotations.Pending> batch) throws Exception {
        List<WriteResult> results = new ArrayList<>();
        for (BatchedRotations.Pending p : batch) {
            results.add(p.result.get());
        }
        return results;
    }
}

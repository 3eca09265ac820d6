package dev.rotor.server.store;

import static dev.rotor.server.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.core.session.AccessRecord;
import dev.rotor.core.session.RefreshRecord;
import dev.rotor.core.session.Session;
import dev.rotor.core.store.DuplicateException;
import dev.rotor.core.store.RefreshWrite;
import dev.rotor.core.store.StoredKey;
import dev.rotor.core.store.Stores;
import dev.rotor.core.store.TokenStore;
import dev.rotor.core.store.User;
import dev.rotor.core.store.WriteResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Behaviour every SQL store must show beyond the core contract suites: races decided in the database, durability
 * across reopen, purge bounds. Subclasses open a fresh, empty store.
 */
public abstract class StoreBehaviourTest {

    protected Stores stores;

    /** A fresh, empty store. */
    protected abstract Stores open();

    /** The same database opened again, after {@link Stores#close()}. */
    protected abstract Stores reopen();

    @BeforeEach
    void openStores() {
        stores = open();
    }

    @AfterEach
    void closeStores() {
        stores.close();
    }

    private TokenStore tokens() {
        return stores.tokens();
    }

    private Session started(RefreshRecord[] first) {
        Session s = Fixtures.session("u1", T0);
        first[0] = Fixtures.refresh(s, T0);
        assertThat(tokens().createSession(s, first[0], Fixtures.access(s, T0))).isTrue();
        return s;
    }

    @Test
    void asOneUnitWithoutWaitingThenItsWritesAreDurableAndItsResultArrivesOnTheGivenThread() throws Exception {
        RefreshRecord[] first = new RefreshRecord[1];
        Session s = started(first);
        ExecutorService loop = Executors.newSingleThreadExecutor();
        try {
            Thread loopThread = loop.submit(Thread::currentThread).get();
            CompletableFuture<Thread> continuedOn = tokens().asOneUnit(() -> {
                assertThat(tokens().revokeSession(s.id(), "unit", T0)).isTrue();
                return tokens().findSession(s.id()).orElseThrow().revokedReason(); // the unit sees its own write
            }, loop).thenApply(reason -> {
                assertThat(reason).isEqualTo("unit");
                return Thread.currentThread();
            }).toCompletableFuture();
            assertThat(continuedOn.get(10, TimeUnit.SECONDS)).isSameAs(loopThread);
        } finally {
            loop.shutdownNow();
        }
        stores.close();
        stores = reopen();
        assertThat(tokens().findSession(s.id()).orElseThrow().revokedReason()).isEqualTo("unit");
    }

    @ParameterizedTest(name = "withAccessRecord={0}")
    @ValueSource(booleans = {true, false})
    void applyRefreshWhen64WritersRaceThenExactlyOneRotates(boolean withAccessRecord) throws Exception {
        RefreshRecord[] first = new RefreshRecord[1];
        Session s = started(first);
        int writers = 64;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<WriteResult>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                Instant at = T0.plusSeconds(1 + i);
                Callable<WriteResult> race = () -> {
                    go.await();
                    return tokens().applyRefresh(Fixtures.rotate(s, first[0], at, withAccessRecord));
                };
                results.add(pool.submit(race));
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
        RefreshRecord presented = tokens().findRefresh(first[0].tokenHash()).orElseThrow();
        assertThat(presented.isCurrent()).isFalse();
        RefreshRecord successor = tokens().findRefresh(presented.successorHash()).orElseThrow();
        assertThat(successor.isCurrent()).isTrue();
        // the losers rolled back their session touch: last use is the winner's instant
        assertThat(tokens().findSession(s.id()).orElseThrow().lastUsedAt()).isEqualTo(presented.rotatedAt());
    }

    @ParameterizedTest(name = "withAccessRecord={0}")
    @ValueSource(booleans = {true, false})
    void applyRefreshWhenTokenAlreadyRotatedThenNothingWritten(boolean withAccessRecord) {
        RefreshRecord[] first = new RefreshRecord[1];
        Session s = started(first);
        assertThat(tokens().applyRefresh(Fixtures.rotate(s, first[0], T0.plusSeconds(1), withAccessRecord)))
                .isEqualTo(WriteResult.APPLIED);
        RefreshWrite replay = Fixtures.rotate(s, first[0], T0.plusSeconds(2), withAccessRecord);

        assertThat(tokens().applyRefresh(replay)).isEqualTo(WriteResult.ALREADY_ROTATED);

        assertThat(tokens().findRefresh(replay.successor().tokenHash())).isEmpty();
        if (withAccessRecord) {
            assertThat(tokens().findAccess(replay.access().tokenHash())).isEmpty();
        }
        assertThat(tokens().findSession(s.id()).orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(1));
    }

    @ParameterizedTest(name = "withAccessRecord={0}")
    @ValueSource(booleans = {true, false})
    void applyRefreshWhenSessionRevokedThenSessionNotActiveAndNothingWritten(boolean withAccessRecord) {
        RefreshRecord[] first = new RefreshRecord[1];
        Session s = started(first);
        assertThat(tokens().revokeSession(s.id(), "logout", T0.plusSeconds(1))).isTrue();
        RefreshWrite write = Fixtures.rotate(s, first[0], T0.plusSeconds(2), withAccessRecord);

        assertThat(tokens().applyRefresh(write)).isEqualTo(WriteResult.SESSION_NOT_ACTIVE);

        assertThat(tokens().findRefresh(first[0].tokenHash()).orElseThrow().isCurrent()).isTrue();
        assertThat(tokens().findRefresh(write.successor().tokenHash())).isEmpty();
    }

    @Test
    void asOneUnitWhenItRotatesThenItsOwnReadsSeeTheRotationAndItIsDurableOnReturn() {
        RefreshRecord[] first = new RefreshRecord[1];
        Session s = started(first);
        RefreshWrite rotation = Fixtures.rotate(s, first[0], T0.plusSeconds(1), false);

        RefreshRecord seenInside = tokens().asOneUnit(() -> {
            assertThat(tokens().findRefreshInSession(first[0].tokenHash(), stores.users())).isPresent();
            assertThat(tokens().applyRefresh(rotation)).isEqualTo(WriteResult.APPLIED);
            return tokens().findRefresh(first[0].tokenHash()).orElseThrow();
        });

        assertThat(seenInside.successorHash()).isEqualTo(rotation.successor().tokenHash());
        stores.close();
        stores = reopen();
        assertThat(tokens().findRefresh(rotation.successor().tokenHash()).orElseThrow().isCurrent()).isTrue();
    }

    @Test
    void asOneUnitWhenAWriteInsideIsRefusedThenOnlyThatWriteIsUndone() {
        RefreshRecord[] first = new RefreshRecord[1];
        Session s = started(first);
        RefreshWrite rotation = Fixtures.rotate(s, first[0], T0.plusSeconds(1), false);
        RefreshWrite replay = Fixtures.rotate(s, first[0], T0.plusSeconds(2), false);

        WriteResult second = tokens().asOneUnit(() -> {
            tokens().applyRefresh(rotation);
            return tokens().applyRefresh(replay);
        });

        assertThat(second).isEqualTo(WriteResult.ALREADY_ROTATED);
        assertThat(tokens().findRefresh(rotation.successor().tokenHash())).isPresent();
        assertThat(tokens().findRefresh(replay.successor().tokenHash())).isEmpty();
        assertThat(tokens().findSession(s.id()).orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void asOneUnitWhenTheWorkThrowsThenTheCallerGetsThatExceptionAndTheStoreGoesOn() {
        RefreshRecord[] first = new RefreshRecord[1];
        Session s = started(first);
        IllegalStateException refusal = new IllegalStateException("a dialect's own refusal");

        assertThatThrownBy(() -> tokens().asOneUnit(() -> {
            throw refusal;
        })).isSameAs(refusal);

        assertThat(tokens().applyRefresh(Fixtures.rotate(s, first[0], T0.plusSeconds(1), false)))
                .isEqualTo(WriteResult.APPLIED);
    }

    @Test
    void applyRefreshWithNewAccessThenPreviousAccessTokensOfSessionAreGone() {
        Session s = Fixtures.session("u1", T0);
        RefreshRecord first = Fixtures.refresh(s, T0);
        AccessRecord oldAccess = Fixtures.access(s, T0);
        tokens().createSession(s, first, oldAccess);
        AccessRecord newAccess = Fixtures.access(s, T0.plusSeconds(5));

        WriteResult result = tokens().applyRefresh(new RefreshWrite(s.id(), first.tokenHash(), null, T0.plusSeconds(5),
                T0.plus(Duration.ofDays(31)), newAccess));

        assertThat(result).isEqualTo(WriteResult.APPLIED);
        assertThat(tokens().findAccess(oldAccess.tokenHash())).isEmpty();
        assertThat(tokens().findAccess(newAccess.tokenHash())).contains(newAccess);
        assertThat(tokens().findRefresh(first.tokenHash())).contains(first);
        assertThat(tokens().findSession(s.id()).orElseThrow().idleExpiresAt()).isEqualTo(T0.plus(Duration.ofDays(31)));
    }

    @Test
    void createSessionWhenRefreshHashKnownThenFalseAndNothingWritten() {
        RefreshRecord[] first = new RefreshRecord[1];
        Session s = started(first);
        Session other = Fixtures.session("u2", T0);
        RefreshRecord sameHash = RefreshRecord.current(first[0].tokenHash(), other.id(), T0, T0.plusSeconds(60));

        assertThat(tokens().createSession(other, sameHash, null)).isFalse();

        assertThat(tokens().findSession(other.id())).isEmpty();
        assertThat(tokens().findRefresh(first[0].tokenHash()).orElseThrow().sessionId()).isEqualTo(s.id());
    }

    @Test
    void dataWhenStoreClosedAndReopenedThenStillThere() {
        RefreshRecord[] first = new RefreshRecord[1];
        Session s = started(first);
        tokens().applyRefresh(Fixtures.rotate(s, first[0], T0.plusSeconds(1)));
        User alice = Fixtures.user("alice");
        stores.users().add(alice);
        stores.close();

        stores = reopen();

        assertThat(tokens().findSession(s.id())).isPresent();
        assertThat(tokens().findRefresh(first[0].tokenHash()).orElseThrow().isCurrent()).isFalse();
        assertThat(stores.users().findByLogin("ALICE")).contains(alice);
    }

    @Test
    void purgeWhenTokensExpireThenRotatedRecordsStayUntilTheirOwnExpiry() {
        RefreshRecord[] first = new RefreshRecord[1];
        Session s = started(first);
        Instant rotation = T0.plus(Duration.ofDays(10));
        RefreshWrite write = Fixtures.rotate(s, first[0], rotation);
        tokens().applyRefresh(write);

        tokens().purgeExpired(first[0].expiresAt().minusMillis(1));
        assertThat(tokens().findRefresh(first[0].tokenHash())).as("rotated, not yet expired").isPresent();

        tokens().purgeExpired(first[0].expiresAt());
        assertThat(tokens().findRefresh(first[0].tokenHash())).as("rotated and expired").isEmpty();
        assertThat(tokens().findRefresh(write.successor().tokenHash())).isPresent();
        assertThat(tokens().findSession(s.id())).isPresent();
    }

    @Test
    void purgeWhenSessionRevokedThenSessionGoesOnlyAfterItsLastRefreshRecord() {
        RefreshRecord[] first = new RefreshRecord[1];
        Session s = started(first);
        tokens().revokeSession(s.id(), "logout", T0.plusSeconds(1));

        tokens().purgeExpired(T0.plusSeconds(2));
        assertThat(tokens().findSession(s.id())).as("its refresh token is still recorded").isPresent();

        int deleted = tokens().purgeExpired(first[0].expiresAt());
        assertThat(deleted).isEqualTo(3); // the refresh record, the access record and the session
        assertThat(tokens().findSession(s.id())).isEmpty();
        assertThat(tokens().sessionsOfUser("u1")).isEmpty();
    }

    @ParameterizedTest(name = "withAccessRecord={0}")
    @ValueSource(booleans = {true, false})
    void purgeWhenRevokedAfterRotationThenSessionStaysUntilItsSuccessorExpires(boolean withAccessRecord) {
        RefreshRecord[] first = new RefreshRecord[1];
        Session s = started(first);
        RefreshWrite write = Fixtures.rotate(s, first[0], T0.plus(Duration.ofDays(10)), withAccessRecord);
        assertThat(tokens().applyRefresh(write)).isEqualTo(WriteResult.APPLIED);
        tokens().revokeSession(s.id(), "logout", T0.plus(Duration.ofDays(11)));
        assertThat(write.successor().expiresAt()).isAfter(first[0].expiresAt());

        tokens().purgeExpired(first[0].expiresAt());
        assertThat(tokens().findRefresh(first[0].tokenHash())).isEmpty();
        assertThat(tokens().findSession(s.id())).as("its successor is still recorded").isPresent();

        tokens().purgeExpired(write.successor().expiresAt());
        assertThat(tokens().findRefresh(write.successor().tokenHash())).isEmpty();
        assertThat(tokens().findSession(s.id())).isEmpty();
    }

    @Test
    void revokeUserSessionsThenOnlyActiveOnesCounted() {
        RefreshRecord[] first = new RefreshRecord[1];
        Session a = started(first);
        Session b = started(first);
        tokens().revokeSession(a.id(), "logout", T0.plusSeconds(1));

        assertThat(tokens().revokeUserSessions("u1", "user-disabled", T0.plusSeconds(2))).isEqualTo(1);

        assertThat(tokens().findSession(b.id()).orElseThrow().revokedReason()).isEqualTo("user-disabled");
        assertThat(tokens().findSession(a.id()).orElseThrow().revokedReason()).isEqualTo("logout");
        assertThat(tokens().revokeSession(b.id(), "again", T0.plusSeconds(3))).isFalse();
    }

    @Test
    void addUserWhenNameOrEmailDiffersOnlyInCaseThenDuplicate() {
        stores.users().add(Fixtures.user("Åsa"));
        User sameName = Fixtures.user("åSA");
        User sameEmail = new User("other", "other", "ÅSA@EXAMPLE.ORG", null, null, null, true, null, T0, null);
        User noEmail1 = new User("n1", "n1", "", null, null, null, true, null, T0, null);
        User noEmail2 = new User("n2", "n2", null, null, null, null, true, null, T0, null);

        assertThatThrownBy(() -> stores.users().add(sameName)).isInstanceOf(DuplicateException.class);
        assertThatThrownBy(() -> stores.users().add(sameEmail)).isInstanceOf(DuplicateException.class);
        stores.users().add(noEmail1);
        stores.users().add(noEmail2);

        assertThat(stores.users().findByLogin("åsa@example.org")).isPresent();
        assertThat(stores.users().list()).extracting(User::username).containsExactly("Åsa", "n1", "n2");
    }

    @Test
    void writesWhenOneFailsConcurrentlyThenTheOthersStillCommit() throws Exception {
        stores.users().add(Fixtures.user("taken"));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> adds = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String name = i % 2 == 0 ? "taken" : "fresh" + i;
                adds.add(pool.submit(() -> {
                    try {
                        stores.users().add(Fixtures.user(name));
                        return true;
                    } catch (DuplicateException e) {
                        return false;
                    }
                }));
            }
            int ok = 0;
            for (Future<Boolean> f : adds) {
                ok += f.get() ? 1 : 0;
            }
            assertThat(ok).isEqualTo(16);
        } finally {
            pool.shutdownNow();
        }
        assertThat(stores.users().list()).hasSize(17);
    }

    @Test
    void rotateKeyThenPreviousRetiredAndPurgedAfterVerifyUntil() {
        StoredKey k1 = new StoredKey("k1", "oauth2", "EdDSA", new byte[] {1, 2, 3}, T0, null, null);
        StoredKey k2 = new StoredKey("k2", "oauth2", "EdDSA", new byte[] {4}, T0.plusSeconds(10), null, null);
        stores.keys().rotateTo(k1, T0, T0);
        Instant verifyUntil = T0.plus(Duration.ofDays(1));

        stores.keys().rotateTo(k2, T0.plusSeconds(10), verifyUntil);

        List<StoredKey> all = stores.keys().all();
        assertThat(all).extracting(StoredKey::kid).containsExactly("k1", "k2");
        assertThat(all.get(0).retiredAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(all.get(0).encryptedKey()).containsExactly(1, 2, 3);
        assertThat(all.get(1).signing()).isTrue();
        assertThat(stores.keys().purgeRetired(verifyUntil)).isZero();
        assertThat(stores.keys().purgeRetired(verifyUntil.plusMillis(1))).isEqualTo(1);
    }

    @Test
    void purgeJobRunOnceThenExpiredRowsGone() {
        RefreshRecord[] first = new RefreshRecord[1];
        Session s = started(first);
        Clock later = Clock.fixed(T0.plus(Duration.ofDays(365)), ZoneOffset.UTC);

        try (PurgeJob job = new PurgeJob(stores, later)) {
            assertThat(job.runOnce()).isEqualTo(3);
        }
        assertThat(tokens().findSession(s.id())).isEmpty();
    }

    @Test
    void healthyWhileOpen() {
        assertThat(stores.healthy()).isTrue();
    }
}

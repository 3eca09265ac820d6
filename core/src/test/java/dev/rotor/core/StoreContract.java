package dev.rotor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.core.session.AccessRecord;
import dev.rotor.core.session.RefreshRecord;
import dev.rotor.core.session.Session;
import dev.rotor.core.store.Client;
import dev.rotor.core.store.DuplicateException;
import dev.rotor.core.store.RefreshInSession;
import dev.rotor.core.store.RefreshWrite;
import dev.rotor.core.store.StoredKey;
import dev.rotor.core.store.Stores;
import dev.rotor.core.store.TokenStore;
import dev.rotor.core.store.User;
import dev.rotor.core.store.WriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link Stores} implementation must do, as the store interfaces' Javadoc spells it out. */
public abstract class StoreContract {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    protected Stores stores;
    private TokenStore tokens;

    /** A fresh, empty store; closed after each test. */
    protected abstract Stores openStores();

    @BeforeEach
    void open() {
        stores = openStores();
        tokens = stores.tokens();
    }

    @AfterEach
    void close() {
        stores.close();
    }

    private static Session session(String userId, Instant at) {
        return new Session(UUID.randomUUID().toString(), userId, "oauth2", "client", "phone", "read", at, at,
                at.plus(Duration.ofHours(12)), at.plus(Duration.ofDays(3)), null, null);
    }

    private static Session sessionOf(String clientId) {
        return new Session(UUID.randomUUID().toString(), "1", "oauth2", clientId, null, null, T0, T0,
                T0.plus(Duration.ofHours(12)), null, null, null);
    }

    private static RefreshRecord token(String hash, Session session, Instant at) {
        return RefreshRecord.current(hash, session.id(), at, at.plus(Duration.ofDays(1)));
    }

    @Test
    void createSessionWhenStoredThenReadBackExactly() {
        Session session = session("1", T0);
        RefreshRecord first = token("h1", session, T0);
        AccessRecord access = new AccessRecord("a1", session.id(), T0, T0.plusSeconds(3600));

        assertThat(tokens.createSession(session, first, access)).isTrue();

        assertThat(tokens.findSession(session.id())).contains(session);
        assertThat(tokens.findRefresh("h1")).contains(first);
        assertThat(tokens.findAccess("a1")).contains(access);
        assertThat(tokens.findRefresh("nope")).isEmpty();
    }

    @Test
    void findRefreshInSessionWhenStoredThenRecordSessionAndUserReadBackExactly() {
        User alice = new User("1", "alice", "alice@example.com", "Alice", "Liddell", "user", true, "hash", T0, null);
        stores.users().add(alice);
        Session session = session("1", T0);
        RefreshRecord first = token("h1", session, T0);
        tokens.createSession(session, first, null);

        assertThat(tokens.findRefreshInSession("h1", stores.users()))
                .contains(new RefreshInSession(first, session, Optional.of(alice)));
        assertThat(tokens.findRefreshInSession("nope", stores.users())).isEmpty();
    }

    @Test
    void findRefreshInSessionWhenUserGoneThenFoundWithoutUser() {
        Session session = session("no-such-user", T0);
        RefreshRecord first = token("h1", session, T0);
        tokens.createSession(session, first, null);

        assertThat(tokens.findRefreshInSession("h1", stores.users()))
                .contains(new RefreshInSession(first, session, Optional.empty()));
    }

    @Test
    void createSessionWhenTokenHashExistsThenNothingWritten() {
        Session first = session("1", T0);
        tokens.createSession(first, token("h1", first, T0), null);
        Session second = session("1", T0);

        assertThat(tokens.createSession(second, token("h1", second, T0), null)).isFalse();
        assertThat(tokens.findSession(second.id())).isEmpty();
    }

    /**
     * Reuse detection revokes the session inside a unit and then refuses the refresh, which a dialect may do by
     * throwing: the revocation must stay (it once did not on SQLite, where the unit was rolled back).
     */
    @Test
    void asOneUnitWhenWorkThrowsAfterAWriteThenTheWriteStays() {
        Session session = session("1", T0);
        tokens.createSession(session, token("h1", session, T0), null);
        IllegalStateException refused = new IllegalStateException("refused after the revocation");

        assertThatThrownBy(() -> tokens.asOneUnit(() -> {
            tokens.revokeSession(session.id(), "reuse", T0);
            throw refused;
        })).isSameAs(refused);

        assertThat(tokens.findSession(session.id()).orElseThrow().revokedReason()).isEqualTo("reuse");
    }

    @Test
    void asOneUnitWithoutWaitingWhenWorkThrowsAfterAWriteThenTheWriteStaysAndTheStageFailsWithIt() {
        Session session = session("1", T0);
        tokens.createSession(session, token("h1", session, T0), null);
        IllegalStateException refused = new IllegalStateException("refused after the revocation");

        CompletableFuture<Object> unit = tokens.asOneUnit(() -> {
            tokens.revokeSession(session.id(), "reuse", T0);
            throw refused;
        }, Runnable::run).toCompletableFuture();

        assertThatThrownBy(() -> unit.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isSameAs(refused);
        assertThat(tokens.findSession(session.id()).orElseThrow().revokedReason()).isEqualTo("reuse");
    }

    @Test
    void applyRefreshWhenCurrentThenRotatedAndSuccessorInsertedAndSessionTouched() {
        Session session = session("1", T0);
        tokens.createSession(session, token("h1", session, T0), null);
        Instant later = T0.plusSeconds(60);
        RefreshRecord successor = token("h2", session, later);

        WriteResult result = tokens.applyRefresh(new RefreshWrite(session.id(), "h1", successor, later,
                later.plus(Duration.ofHours(12)), null));

        assertThat(result).isEqualTo(WriteResult.APPLIED);
        RefreshRecord rotated = tokens.findRefresh("h1").orElseThrow();
        assertThat(rotated.successorHash()).isEqualTo("h2");
        assertThat(rotated.rotatedAt()).isEqualTo(later);
        assertThat(tokens.findRefresh("h2")).contains(successor);
        Session touched = tokens.findSession(session.id()).orElseThrow();
        assertThat(touched.lastUsedAt()).isEqualTo(later);
        assertThat(touched.idleExpiresAt()).isEqualTo(later.plus(Duration.ofHours(12)));
    }

    @Test
    void applyRefreshWhenAlreadyRotatedThenNothingWritten() {
        Session session = session("1", T0);
        tokens.createSession(session, token("h1", session, T0), null);
        tokens.applyRefresh(new RefreshWrite(session.id(), "h1", token("h2", session, T0), T0, T0.plusSeconds(9), null));

        WriteResult again = tokens.applyRefresh(
                new RefreshWrite(session.id(), "h1", token("h3", session, T0), T0, T0.plusSeconds(9), null));

        assertThat(again).isEqualTo(WriteResult.ALREADY_ROTATED);
        assertThat(tokens.findRefresh("h3")).isEmpty();
        assertThat(tokens.findRefresh("h1").orElseThrow().successorHash()).isEqualTo("h2");
    }

    @Test
    void applyRefreshWhenSessionRevokedThenNothingWritten() {
        Session session = session("1", T0);
        tokens.createSession(session, token("h1", session, T0), null);
        assertThat(tokens.revokeSession(session.id(), "logout", T0)).isTrue();

        WriteResult result = tokens.applyRefresh(
                new RefreshWrite(session.id(), "h1", token("h2", session, T0), T0, T0.plusSeconds(9), null));

        assertThat(result).isEqualTo(WriteResult.SESSION_NOT_ACTIVE);
        assertThat(tokens.findRefresh("h2")).isEmpty();
        assertThat(tokens.findRefresh("h1").orElseThrow().isCurrent()).isTrue();
    }

    @Test
    void applyRefreshWhenManyWritersRaceThenExactlyOneRotates() throws Exception {
        Session session = session("1", T0);
        tokens.createSession(session, token("h1", session, T0), null);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<WriteResult>> results = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String successor = "s" + i;
            results.add(pool.submit(() -> {
                go.await();
                return tokens.applyRefresh(new RefreshWrite(session.id(), "h1", token(successor, session, T0), T0,
                        T0.plusSeconds(9), null));
            }));
        }
        go.countDown();
        int applied = 0;
        for (Future<WriteResult> result : results) {
            applied += result.get() == WriteResult.APPLIED ? 1 : 0;
        }
        pool.shutdown();

        assertThat(applied).isEqualTo(1);
        String winner = tokens.findRefresh("h1").orElseThrow().successorHash();
        assertThat(tokens.findRefresh(winner)).isPresent();
    }

    @Test
    void applyRefreshWhenAccessGivenThenSessionsEarlierAccessTokensEnd() {
        Session session = session("1", T0);
        tokens.createSession(session, token("h1", session, T0), new AccessRecord("a1", session.id(), T0, T0.plusSeconds(3600)));
        Session other = session("1", T0);
        tokens.createSession(other, token("o1", other, T0), new AccessRecord("b1", other.id(), T0, T0.plusSeconds(3600)));

        tokens.applyRefresh(new RefreshWrite(session.id(), "h1", null, T0, T0.plusSeconds(9),
                new AccessRecord("a2", session.id(), T0, T0.plusSeconds(3600))));

        assertThat(tokens.findAccess("a1")).isEmpty();
        assertThat(tokens.findAccess("a2")).isPresent();
        assertThat(tokens.findAccess("b1")).isPresent();
        assertThat(tokens.deleteAccess("a2")).isTrue();
        assertThat(tokens.findAccess("a2")).isEmpty();
    }

    @Test
    void revokeSessionWhenAlreadyRevokedThenFalseAndReasonKept() {
        Session session = session("1", T0);
        tokens.createSession(session, token("h1", session, T0), null);

        assertThat(tokens.revokeSession(session.id(), "reuse", T0.plusSeconds(1))).isTrue();
        assertThat(tokens.revokeSession(session.id(), "logout", T0.plusSeconds(2))).isFalse();
        assertThat(tokens.revokeSession("missing", "logout", T0)).isFalse();

        Session revoked = tokens.findSession(session.id()).orElseThrow();
        assertThat(revoked.revokedReason()).isEqualTo("reuse");
        assertThat(revoked.revokedAt()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void revokeUserSessionsWhenSeveralThenOnlyThatUsersActiveOnesEnd() {
        Session a = session("1", T0);
        Session b = session("1", T0.plusSeconds(1));
        Session other = session("2", T0);
        tokens.createSession(a, token("a", a, T0), null);
        tokens.createSession(b, token("b", b, T0), null);
        tokens.createSession(other, token("c", other, T0), null);
        tokens.revokeSession(a.id(), "logout", T0);

        assertThat(tokens.revokeUserSessions("1", "user-disabled", T0.plusSeconds(5))).isEqualTo(1);
        assertThat(tokens.findSession(b.id()).orElseThrow().revoked()).isTrue();
        assertThat(tokens.findSession(other.id()).orElseThrow().revoked()).isFalse();
        assertThat(tokens.sessionsOfUser("1")).extracting(Session::id).containsExactly(b.id(), a.id());
    }

    @Test
    void purgeWhenTokensExpiredThenRemovedButRotatedLiveOnesKeptForReuseDetection() {
        Session session = session("1", T0);
        tokens.createSession(session, token("h1", session, T0), new AccessRecord("a1", session.id(), T0, T0.plusSeconds(3600)));
        tokens.applyRefresh(new RefreshWrite(session.id(), "h1", token("h2", session, T0.plusSeconds(60)),
                T0.plusSeconds(60), T0.plus(Duration.ofHours(12)), null));

        tokens.purgeExpired(T0.plus(Duration.ofHours(2)));
        assertThat(tokens.findAccess("a1")).isEmpty();
        assertThat(tokens.findRefresh("h1")).isPresent(); // rotated, but reuse detection still needs it
        assertThat(tokens.findSession(session.id())).isPresent();

        int deleted = tokens.purgeExpired(T0.plus(Duration.ofDays(4)));
        assertThat(deleted).isGreaterThanOrEqualTo(3);
        assertThat(tokens.findRefresh("h1")).isEmpty();
        assertThat(tokens.findRefresh("h2")).isEmpty();
        assertThat(tokens.findSession(session.id())).isEmpty();
    }

    @Test
    void purgeWhenSessionActiveWithLiveTokenThenKept() {
        Session session = session("1", T0);
        tokens.createSession(session, token("h1", session, T0), null);

        assertThat(tokens.purgeExpired(T0.plusSeconds(60))).isZero();
        assertThat(tokens.findSession(session.id())).isPresent();
    }

    @Test
    void usersWhenAddedThenFoundByIdNameOrEmailCaseInsensitively() {
        stores.users().add(TestUsers.alice());

        assertThat(stores.users().findById("1")).contains(TestUsers.alice());
        assertThat(stores.users().findByLogin("ALICE")).map(u -> u.id()).contains("1");
        assertThat(stores.users().findByLogin("Alice@Example.com")).map(u -> u.id()).contains("1");
        assertThat(stores.users().findByLogin("carol")).isEmpty();
        assertThat(stores.users().findByLogin("")).isEmpty();
    }

    @Test
    void usersWhenIdNameOrEmailTakenThenDuplicate() {
        stores.users().add(TestUsers.alice());

        assertThatThrownBy(() -> stores.users().add(TestUsers.user("1", "other", "o@example.com")))
                .isInstanceOf(DuplicateException.class);
        assertThatThrownBy(() -> stores.users().add(TestUsers.user("9", "Alice", "o@example.com")))
                .isInstanceOf(DuplicateException.class);
        assertThatThrownBy(() -> stores.users().add(TestUsers.user("9", "other", "ALICE@example.com")))
                .isInstanceOf(DuplicateException.class);
        stores.users().add(TestUsers.user("9", "nomail", ""));
        stores.users().add(TestUsers.user("10", "nomail2", ""));
        assertThat(stores.users().list()).hasSize(3);
    }

    @Test
    void usersWhenUpdatedThenChangesPersist() {
        stores.users().add(TestUsers.alice());
        Instant login = T0.plusSeconds(5);

        assertThat(stores.users().setActive("1", false)).isTrue();
        assertThat(stores.users().setPasswordHash("1", "$argon2id$new")).isTrue();
        stores.users().recordLogin("1", login);
        assertThat(stores.users().setActive("missing", false)).isFalse();

        var user = stores.users().findById("1").orElseThrow();
        assertThat(user.active()).isFalse();
        assertThat(user.passwordHash()).isEqualTo("$argon2id$new");
        assertThat(user.lastLoginAt()).isEqualTo(login);
    }

    @Test
    void removeUserThenGoneAndTheirNameAndEmailFreeAgain() {
        stores.users().add(TestUsers.alice());

        assertThat(stores.users().remove("1")).isTrue();
        assertThat(stores.users().remove("1")).isFalse();

        assertThat(stores.users().findById("1")).isEmpty();
        assertThat(stores.users().findByLogin("alice")).isEmpty();
        assertThat(stores.users().findByLogin("alice@example.com")).isEmpty();
        stores.users().add(TestUsers.user("2", "Alice", "ALICE@example.com"));
        assertThat(stores.users().findByLogin("alice")).map(User::id).contains("2");
    }

    @Test
    void clientsWhenAddedThenFoundAndDuplicatesRefused() {
        Client confidential = new Client("web", "hash", T0);
        stores.clients().add(confidential);
        stores.clients().add(new Client("spa", null, T0));

        assertThat(stores.clients().find("web")).contains(confidential);
        assertThat(stores.clients().find("spa").orElseThrow().confidential()).isFalse();
        assertThat(stores.clients().listClients()).hasSize(2);
        assertThatThrownBy(() -> stores.clients().add(new Client("web", null, T0))).isInstanceOf(DuplicateException.class);
    }

    @Test
    void changeSecretWhenConfidentialThenNewHashFoundAndPublicOrUnknownRefused() {
        stores.clients().add(new Client("web", "old", T0));
        stores.clients().add(new Client("spa", null, T0));
        assertThat(stores.clients().find("web")).isPresent(); // a store that keeps what it read must not keep this

        assertThat(stores.clients().changeSecret("web", "new")).isTrue();
        assertThat(stores.clients().changeSecret("spa", "new")).isFalse();
        assertThat(stores.clients().changeSecret("missing", "new")).isFalse();

        assertThat(stores.clients().find("web")).contains(new Client("web", "new", T0));
        assertThat(stores.clients().find("spa")).contains(new Client("spa", null, T0));
    }

    @Test
    void removeClientThenGoneAndOnlyItsActiveSessionsEndedWithTheirReasonKept() {
        stores.clients().add(new Client("web", null, T0));
        stores.clients().add(new Client("other", null, T0));
        Session active = sessionOf("web");
        Session loggedOut = sessionOf("web");
        Session otherClients = sessionOf("other");
        for (Session s : List.of(active, loggedOut, otherClients)) {
            tokens.createSession(s, token(s.id(), s, T0), null);
        }
        tokens.revokeSession(loggedOut.id(), "logout", T0);
        assertThat(stores.clients().find("web")).isPresent();

        assertThat(stores.clients().remove("web", T0.plusSeconds(5))).isTrue();

        assertThat(stores.clients().find("web")).isEmpty();
        assertThat(stores.clients().listClients()).extracting(Client::id).containsExactly("other");
        Session ended = tokens.findSession(active.id()).orElseThrow();
        assertThat(ended.revokedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(ended.revokedReason()).isEqualTo("client-removed");
        assertThat(tokens.findSession(loggedOut.id()).orElseThrow().revokedReason()).isEqualTo("logout");
        assertThat(tokens.findSession(otherClients.id()).orElseThrow().revoked()).isFalse();
        assertThat(stores.clients().remove("web", T0.plusSeconds(6))).isFalse();
    }

    @Test
    void keysWhenRotatedThenPreviousRetiredAndPurgedAfterItsTokensExpire() {
        StoredKey first = new StoredKey("k1", "oauth2", "EdDSA", new byte[] {1, 2}, T0, null, null);
        stores.keys().rotateTo(first, null, null);
        StoredKey second = new StoredKey("k2", "oauth2", "EdDSA", new byte[] {3}, T0.plusSeconds(10), null, null);
        StoredKey otherPurpose = new StoredKey("k3", "simplejwt", "HS256", new byte[] {4}, T0, null, null);
        stores.keys().rotateTo(otherPurpose, null, null);

        stores.keys().rotateTo(second, T0.plusSeconds(10), T0.plusSeconds(100));

        List<StoredKey> all = stores.keys().all();
        assertThat(all).extracting(StoredKey::kid).containsExactlyInAnyOrder("k1", "k2", "k3");
        StoredKey retired = all.stream().filter(k -> k.kid().equals("k1")).findFirst().orElseThrow();
        assertThat(retired.retiredAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(retired.verifyUntil()).isEqualTo(T0.plusSeconds(100));
        assertThat(retired.encryptedKey()).containsExactly(1, 2);
        assertThat(all.stream().filter(k -> k.kid().equals("k3")).findFirst().orElseThrow().signing()).isTrue();

        assertThat(stores.keys().purgeRetired(T0.plusSeconds(99))).isZero();
        assertThat(stores.keys().purgeRetired(T0.plusSeconds(101))).isEqualTo(1);
        assertThat(stores.keys().all()).extracting(StoredKey::kid).containsExactlyInAnyOrder("k2", "k3");
    }

    @Test
    void revokeAndRotateToThenEveryKeyOfThePurposeStillVerifyingEndsAndOthersAreUntouched() {
        stores.keys().rotateTo(new StoredKey("k1", "oauth2", "EdDSA", new byte[] {1}, T0, null, null), null, null);
        stores.keys().rotateTo(new StoredKey("k2", "oauth2", "EdDSA", new byte[] {2}, T0.plusSeconds(10), null, null),
                T0.plusSeconds(10), T0.plusSeconds(20)); // k1 verifies until T0+20 s
        stores.keys().rotateTo(new StoredKey("k3", "oauth2", "EdDSA", new byte[] {3}, T0.plusSeconds(20), null, null),
                T0.plusSeconds(20), T0.plusSeconds(1000)); // k2 until T0+1000 s
        stores.keys().rotateTo(new StoredKey("h1", "simplejwt", "HS256", new byte[] {4}, T0, null, null), null, null);
        StoredKey fresh = new StoredKey("k4", "oauth2", "EdDSA", new byte[] {5}, T0.plusSeconds(40), null, null);

        stores.keys().revokeAndRotateTo(fresh, T0.plusSeconds(25));

        Map<String, StoredKey> byKid = stores.keys().all().stream().collect(Collectors.toMap(StoredKey::kid, k -> k));
        assertThat(byKid.get("k1").retiredAt()).isEqualTo(T0.plusSeconds(10)); // retired before, and stays so
        assertThat(byKid.get("k1").verifyUntil()).isEqualTo(T0.plusSeconds(20)); // already ended before the cut
        assertThat(byKid.get("k2").retiredAt()).isEqualTo(T0.plusSeconds(20));
        assertThat(byKid.get("k2").verifyUntil()).isEqualTo(T0.plusSeconds(25));
        assertThat(byKid.get("k3").retiredAt()).isEqualTo(T0.plusSeconds(25));
        assertThat(byKid.get("k3").verifyUntil()).isEqualTo(T0.plusSeconds(25));
        assertThat(byKid.get("k4").signing()).isTrue();
        assertThat(byKid.get("k4").encryptedKey()).containsExactly(5);
        assertThat(byKid.get("h1").signing()).isTrue();
        assertThat(byKid.get("h1").verifyUntil()).isNull();
    }

    @Test
    void healthyWhenOpenThenTrue() {
        assertThat(stores.healthy()).isTrue();
    }
}

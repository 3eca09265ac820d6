package dev.rotor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.core.event.SecurityEvent;
import dev.rotor.core.refresh.PresentedRefresh;
import dev.rotor.core.refresh.RefreshService;
import dev.rotor.core.refresh.Refreshed;
import dev.rotor.core.session.DialectRules;
import dev.rotor.core.session.Lifetimes;
import dev.rotor.core.session.RefreshRecord;
import dev.rotor.core.session.RotationPolicy;
import dev.rotor.core.session.Session;
import dev.rotor.core.session.SessionService;
import dev.rotor.core.session.StartRequest;
import dev.rotor.core.session.StartedSession;
import dev.rotor.core.store.Stores;
import dev.rotor.core.store.User;
import dev.rotor.core.token.IssuedRefresh;
import dev.rotor.core.token.RefreshKey;
import dev.rotor.core.token.Secrets;
import dev.rotor.core.token.SuccessorDeriver;
import dev.rotor.core.token.TokenHash;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules of CORE.md "Refresh, step by step" and "Revocation", one named test each, run against every store:
 * subclasses only say how to open a fresh, empty store.
 */
public abstract class RefreshRulesContract {

    protected static final Duration GRACE = Duration.ofSeconds(10);
    private static final Lifetimes LIFETIMES =
            new Lifetimes(Duration.ofMinutes(5), Duration.ofDays(1), Duration.ofHours(12), Duration.ofDays(3));
    protected static final DialectRules ALWAYS = new DialectRules("oauth2", RotationPolicy.ALWAYS, LIFETIMES, 32, 0);
    private static final DialectRules NEVER = new DialectRules("simplejwt", RotationPolicy.NEVER, LIFETIMES, 16, 0);
    private static final DialectRules GORB = new DialectRules("gorb", RotationPolicy.parse("after:P23D"),
            new Lifetimes(Duration.ofHours(1), Duration.ofDays(30), Duration.ofDays(30), Duration.ZERO), 32, 16);

    protected TestClock clock;
    protected Stores stores;
    protected SessionService sessions;
    protected RefreshService refreshes;
    protected final List<SecurityEvent> events = new CopyOnWriteArrayList<>();

    /** A fresh, empty store; closed after each test. */
    protected abstract Stores openStores();

    @BeforeEach
    void openEngine() {
        clock = TestClock.atNewYear();
        stores = openStores();
        stores.users().add(TestUsers.alice());
        SuccessorDeriver deriver = new SuccessorDeriver(new byte[32]);
        sessions = new SessionService(stores.tokens(), stores.users(), clock, events::add);
        refreshes = new RefreshService(stores.tokens(), stores.users(), clock, deriver, GRACE, events::add);
    }

    @AfterEach
    void closeStores() {
        stores.close();
    }

    private StartedSession login(DialectRules rules) {
        return sessions.start(rules, StartRequest.forUser("1"));
    }

    private Outcome<Refreshed> refresh(DialectRules rules, IssuedRefresh token) {
        return refreshes.refresh(rules, token.secret());
    }

    @Test
    void refreshWhenTokenCurrentAndRotationAlwaysThenSuccessorIssued() {
        StartedSession started = login(ALWAYS);
        clock.advance(Duration.ofMinutes(1));

        Refreshed refreshed = refresh(ALWAYS, started.refresh()).value();

        assertThat(refreshed.rotated()).isTrue();
        assertThat(refreshed.refresh().secret()).isNotEqualTo(started.refresh().secret());
        assertThat(refreshed.refresh().issuedAt()).isEqualTo(clock.instant());
        assertThat(refresh(ALWAYS, refreshed.refresh()).isOk()).isTrue();
    }

    @Test
    void refreshWhenRotationNeverThenSameTokenKeepsWorking() {
        StartedSession started = login(NEVER);
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(30));
            Refreshed refreshed = refresh(NEVER, started.refresh()).value();
            assertThat(refreshed.rotated()).isFalse();
            assertThat(refreshed.refresh().secret()).isEqualTo(started.refresh().secret());
        }
    }

    @Test
    void refreshWhenRotationAfterAndTokenYoungerThenSameTokenComesBack() {
        StartedSession started = login(GORB);
        clock.advance(Duration.ofDays(22));

        Refreshed refreshed = refresh(GORB, started.refresh()).value();

        assertThat(refreshed.rotated()).isFalse();
        assertThat(refreshed.refresh().secret()).isEqualTo(started.refresh().secret());
    }

    @Test
    void refreshWhenRotationAfterAndTokenOlderThenRotatedAndOldStopsWorking() {
        StartedSession started = login(GORB);
        clock.advance(Duration.ofDays(23).plusMinutes(1));

        Refreshed refreshed = refresh(GORB, started.refresh()).value();
        assertThat(refreshed.rotated()).isTrue();
        assertThat(refreshed.refresh().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(30)));

        clock.advance(GRACE.plusSeconds(1));
        assertThat(refresh(GORB, started.refresh()).failure()).isEqualTo(Failure.REUSED);
    }

    @Test
    void refreshWhenPredecessorRetriedWithinGraceThenSameSuccessor() {
        StartedSession started = login(ALWAYS);
        Refreshed first = refresh(ALWAYS, started.refresh()).value();
        clock.advance(GRACE.minusSeconds(1));

        Refreshed retry = refresh(ALWAYS, started.refresh()).value();

        assertThat(retry.refresh().secret()).isEqualTo(first.refresh().secret());
        assertThat(retry.refresh().issuedAt()).isEqualTo(first.refresh().issuedAt());
        assertThat(retry.refresh().expiresAt()).isEqualTo(first.refresh().expiresAt());
        assertThat(refresh(ALWAYS, first.refresh()).isOk()).isTrue();
    }

    @Test
    void refreshWhenTokenReusedAfterGraceThenSessionRevoked() {
        StartedSession started = login(ALWAYS);
        Refreshed first = refresh(ALWAYS, started.refresh()).value();
        clock.advance(GRACE);

        assertThat(refresh(ALWAYS, started.refresh()).failure()).isEqualTo(Failure.REUSED);

        assertThat(refresh(ALWAYS, first.refresh()).failure()).isEqualTo(Failure.REVOKED);
        assertThat(stores.tokens().findSession(started.session().id()).orElseThrow().revokedReason()).isEqualTo("reuse");
        assertThat(events).extracting(SecurityEvent::type).contains(SecurityEvent.Type.REUSE_DETECTED);
    }

    @Test
    void refreshWhenOlderAncestorReplayedWithinGraceThenSessionRevoked() {
        StartedSession started = login(ALWAYS);
        Refreshed first = refresh(ALWAYS, started.refresh()).value();
        Refreshed second = refresh(ALWAYS, first.refresh()).value();

        // Still inside the grace period, but the original is no longer the current token's immediate predecessor.
        assertThat(refresh(ALWAYS, started.refresh()).failure()).isEqualTo(Failure.REUSED);
        assertThat(refresh(ALWAYS, second.refresh()).failure()).isEqualTo(Failure.REVOKED);
    }

    @Test
    void refreshWhenUnknownTokenThenInvalid() {
        login(ALWAYS);
        assertThat(refreshes.refresh(ALWAYS, Secrets.random(32)).failure()).isEqualTo(Failure.INVALID);
    }

    @Test
    void refreshWhenTokenOfAnotherDialectThenInvalid() {
        StartedSession started = login(ALWAYS);
        DialectRules other = new DialectRules("gorb", RotationPolicy.ALWAYS, LIFETIMES, 32, 0);
        assertThat(refresh(other, started.refresh()).failure()).isEqualTo(Failure.INVALID);
    }

    @Test
    void lookUpWhenTokenOfThisDialectThenSessionShownAndNothingChanges() {
        StartedSession started = login(ALWAYS);

        PresentedRefresh presented = refreshes.lookUp(ALWAYS, started.refresh().secret()).orElseThrow();

        assertThat(presented.session().id()).isEqualTo(started.session().id());
        assertThat(refreshes.lookUp(ALWAYS, started.refresh().secret())).isPresent(); // not rotated by looking
        Refreshed refreshed = refreshes.refresh(ALWAYS, presented).value();
        assertThat(refreshed.rotated()).isTrue();
        assertThat(refresh(ALWAYS, refreshed.refresh()).isOk()).isTrue();
    }

    @Test
    void lookUpWhenUnknownOrOtherDialectThenEmpty() {
        StartedSession started = login(ALWAYS);
        DialectRules other = new DialectRules("gorb", RotationPolicy.ALWAYS, LIFETIMES, 32, 0);

        assertThat(refreshes.lookUp(ALWAYS, Secrets.random(32))).isEmpty();
        assertThat(refreshes.lookUp(other, started.refresh().secret())).isEmpty();
    }

    @Test
    void refreshWhenLookedUpWithOtherRulesThenRefusedToProceed() {
        StartedSession started = login(ALWAYS);
        PresentedRefresh presented = refreshes.lookUp(ALWAYS, started.refresh().secret()).orElseThrow();
        DialectRules other = new DialectRules("gorb", RotationPolicy.ALWAYS, LIFETIMES, 32, 0);

        assertThatThrownBy(() -> refreshes.refresh(other, presented)).isInstanceOf(IllegalArgumentException.class);
        assertThat(refresh(ALWAYS, started.refresh()).isOk()).isTrue();
    }

    @Test
    void refreshWhenTokenExpiredThenExpired() {
        StartedSession started = login(NEVER);
        // Keep the session alive past the token's own one-day lifetime.
        clock.advance(Duration.ofHours(11));
        refresh(NEVER, started.refresh()).value();
        clock.advance(Duration.ofHours(11));
        refresh(NEVER, started.refresh()).value();
        clock.advance(Duration.ofHours(2));

        assertThat(refresh(NEVER, started.refresh()).failure()).isEqualTo(Failure.EXPIRED);
    }

    @Test
    void refreshWhenSessionIdleTooLongThenExpired() {
        StartedSession started = login(ALWAYS);
        clock.advance(LIFETIMES.idleTimeout());
        assertThat(refresh(ALWAYS, started.refresh()).failure()).isEqualTo(Failure.EXPIRED);
    }

    @Test
    void refreshWhenUsedWithinIdleTimeoutThenIdleExpiryMovesOn() {
        StartedSession started = login(ALWAYS);
        clock.advance(Duration.ofHours(11));
        Refreshed first = refresh(ALWAYS, started.refresh()).value();
        clock.advance(Duration.ofHours(11));
        assertThat(refresh(ALWAYS, first.refresh()).isOk()).isTrue();
    }

    @Test
    void refreshWhenRotatedThenSuccessorNeverOutlivesAbsoluteExpiry() {
        StartedSession started = login(ALWAYS);
        IssuedRefresh token = started.refresh();
        for (int i = 0; i < 6; i++) { // 6 × 11 h = 66 h: past the 3-day absolute lifetime at the last step
            clock.advance(Duration.ofHours(11));
            token = refresh(ALWAYS, token).value().refresh();
            assertThat(token.expiresAt()).isBeforeOrEqualTo(started.session().absoluteExpiresAt());
        }
        clock.advance(Duration.ofHours(11));
        assertThat(refresh(ALWAYS, token).failure()).isEqualTo(Failure.EXPIRED);
    }

    @Test
    void refreshWhenSessionRevokedThenRevoked() {
        StartedSession started = login(ALWAYS);
        assertThat(sessions.revoke(started.session().id(), "logout")).isTrue();

        assertThat(refresh(ALWAYS, started.refresh()).failure()).isEqualTo(Failure.REVOKED);
        assertThat(sessions.activeSession(started.session().id())).isEmpty();
    }

    @Test
    void revokeByRefreshTokenWhenTokenAlreadyRotatedThenWholeSessionEnds() {
        StartedSession started = login(ALWAYS);
        Refreshed first = refresh(ALWAYS, started.refresh()).value();

        assertThat(sessions.revokeByRefreshSecret(started.refresh().secret(), "rfc7009")).isTrue();

        assertThat(refresh(ALWAYS, first.refresh()).failure()).isEqualTo(Failure.REVOKED);
    }

    @Test
    void refreshWhenUserDisabledThenRefusedAndSessionsEnded() {
        StartedSession started = login(ALWAYS);
        assertThat(sessions.disableUser("1")).isTrue();

        assertThat(refresh(ALWAYS, started.refresh()).failure()).isEqualTo(Failure.REVOKED);
        assertThat(stores.users().findById("1").orElseThrow().active()).isFalse();
    }

    @Test
    void removeUserThenRecordGoneSessionsEndedAndAUserAddedAgainUnderTheIdDoesNotGetThemBack() {
        StartedSession one = login(ALWAYS);
        StartedSession two = login(NEVER);
        User removed = stores.users().findById("1").orElseThrow();

        assertThat(sessions.removeUser("1")).isTrue();

        assertThat(stores.users().findById("1")).isEmpty();
        assertThat(stores.tokens().findSession(one.session().id()).orElseThrow().revokedReason()).isEqualTo("user-removed");
        assertThat(events).extracting(SecurityEvent::type).contains(SecurityEvent.Type.USER_REMOVED);
        stores.users().add(removed); // `user import` keeps ids
        assertThat(refresh(ALWAYS, one.refresh()).failure()).isEqualTo(Failure.REVOKED);
        assertThat(refresh(NEVER, two.refresh()).failure()).isEqualTo(Failure.REVOKED);
        assertThat(sessions.removeUser("404")).isFalse();
    }

    @Test
    void refreshWhenUserInactiveButSessionActiveThenUserDisabled() {
        StartedSession started = login(ALWAYS);
        stores.users().setActive("1", false); // e.g. flipped by an import, without ending sessions

        assertThat(refresh(ALWAYS, started.refresh()).failure()).isEqualTo(Failure.USER_DISABLED);
    }

    @ParameterizedTest(name = "{0}-byte secret")
    @ValueSource(ints = {32, 16}) // an opaque token's, a jti's
    void refreshWhenTokenIssuedBeforeKeysWereStampedThenRotatesToStampedSuccessor(int secretBytes) {
        // A token of an earlier version: all random, stored under its hash alone (RefreshKey.find).
        DialectRules rules = new DialectRules(ALWAYS.dialect(), RotationPolicy.ALWAYS, LIFETIMES, secretBytes, 0);
        byte[] secret = Secrets.random(secretBytes);
        Instant now = clock.instant();
        Session session = new Session(UUID.randomUUID().toString(), "1", rules.dialect(), null, null, null, now,
                now, now.plus(Duration.ofHours(1)), null, null, null);
        assertThat(stores.tokens().createSession(session,
                RefreshRecord.current(TokenHash.of(secret), session.id(), now, now.plus(Duration.ofDays(1))), null))
                .isTrue();
        clock.advance(Duration.ofSeconds(1));

        Refreshed first = refreshes.refresh(rules, secret).value();
        Refreshed retry = refreshes.refresh(rules, secret).value();

        assertThat(retry.refresh().secret()).isEqualTo(first.refresh().secret());
        assertThat(stores.tokens().findRefresh(RefreshKey.of(first.refresh().secret()))).isPresent();
        assertThat(sessions.revokeByRefreshSecret(secret, "rfc7009")).isTrue();
        assertThat(refresh(rules, first.refresh()).failure()).isEqualTo(Failure.REVOKED);
    }

    @Test
    void refreshWhenRetriedWithinGraceAfterAWhileThenSameStampedSuccessor() {
        StartedSession started = login(ALWAYS);
        clock.advance(Duration.ofMinutes(1));
        Refreshed first = refresh(ALWAYS, started.refresh()).value();
        clock.advance(GRACE.minusMillis(1));

        Refreshed retry = refresh(ALWAYS, started.refresh()).value();

        assertThat(retry.refresh().secret()).isEqualTo(first.refresh().secret());
        assertThat(RefreshKey.of(first.refresh().secret())).isGreaterThan(RefreshKey.of(started.refresh().secret()));
    }

    @Test
    void refreshWhenUserNoLongerExistsThenUserDeleted() {
        byte[] secret = Secrets.random(16);
        Instant now = clock.instant();
        sessions.adopt(NEVER, "404", secret, now, now.plus(Duration.ofDays(1)));

        assertThat(refreshes.refresh(NEVER, secret).failure()).isEqualTo(Failure.USER_DELETED);
    }

    @Test
    void changePasswordWhenSessionsOpenThenAllEnd() {
        StartedSession one = login(ALWAYS);
        StartedSession two = login(NEVER);

        assertThat(sessions.changePassword("1", "plain:new")).isTrue();

        assertThat(refresh(ALWAYS, one.refresh()).failure()).isEqualTo(Failure.REVOKED);
        assertThat(refresh(NEVER, two.refresh()).failure()).isEqualTo(Failure.REVOKED);
    }

    @Test
    void adoptWhenForeignTokenPresentedTwiceThenOneSessionAndNormalRules() {
        byte[] secret = Secrets.random(16);
        Instant now = clock.instant();
        sessions.adopt(ALWAYS, "1", secret, now, now.plus(Duration.ofDays(1)));
        sessions.adopt(ALWAYS, "1", secret, now, now.plus(Duration.ofDays(1)));

        assertThat(sessions.sessionsOf("1")).hasSize(1);
        Refreshed first = refreshes.refresh(ALWAYS, secret).value();
        clock.advance(GRACE);
        assertThat(refreshes.refresh(ALWAYS, secret).failure()).isEqualTo(Failure.REUSED);
        assertThat(refresh(ALWAYS, first.refresh()).failure()).isEqualTo(Failure.REVOKED);
    }

    @Test
    void refreshWhenOpaqueAccessDialectThenPreviousAccessTokenEnds() {
        StartedSession started = login(GORB);
        String firstAccess = TokenHash.of(started.access().secret());
        assertThat(stores.tokens().findAccess(firstAccess)).isPresent();

        Refreshed refreshed = refresh(GORB, started.refresh()).value();

        assertThat(stores.tokens().findAccess(firstAccess)).isEmpty();
        assertThat(stores.tokens().findAccess(TokenHash.of(refreshed.access().secret()))).isPresent();
    }

    @Test
    void refreshWhenManyConcurrentThenExactlyOneSuccessor() throws Exception {
        StartedSession started = login(ALWAYS);
        int threads = 64;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Outcome<Refreshed>>> answers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            answers.add(pool.submit(() -> {
                go.await();
                return refresh(ALWAYS, started.refresh());
            }));
        }
        go.countDown();
        Set<String> successors = new HashSet<>();
        for (Future<Outcome<Refreshed>> answer : answers) {
            successors.add(answer.get().value().refresh().key());
        }
        pool.shutdown();

        assertThat(successors).hasSize(1);
        assertThat(stores.tokens().findRefresh(successors.iterator().next()).orElseThrow().isCurrent()).isTrue();
        assertThat(stores.tokens().findRefresh(started.refresh().key()).orElseThrow().successorHash())
                .isEqualTo(successors.iterator().next());
    }

    @Test
    void revokeWhenRacingRefreshesThenNoMintedTokenStaysUsable() throws Exception {
        StartedSession started = login(ALWAYS);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Outcome<Refreshed>>> answers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            answers.add(pool.submit(() -> {
                go.await();
                return refresh(ALWAYS, started.refresh());
            }));
        }
        Future<Boolean> revoke = pool.submit(() -> {
            go.await();
            return sessions.revoke(started.session().id(), "logout");
        });
        go.countDown();
        assertThat(revoke.get()).isTrue();
        for (Future<Outcome<Refreshed>> answer : answers) {
            Outcome<Refreshed> outcome = answer.get();
            if (outcome.isOk()) {
                assertThat(refresh(ALWAYS, outcome.value().refresh()).failure()).isEqualTo(Failure.REVOKED);
            }
        }
        pool.shutdown();
    }
}

package dev.rotor.core.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.core.Failure;
import dev.rotor.core.PlainPasswords;
import dev.rotor.core.TestClock;
import dev.rotor.core.TestUsers;
import dev.rotor.core.event.SecurityEvent;
import dev.rotor.core.store.memory.InMemoryStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginServiceTest {

    private final TestClock clock = TestClock.atNewYear();
    private final InMemoryStores stores = new InMemoryStores();
    private final PlainPasswords passwords = new PlainPasswords();
    private final List<SecurityEvent> events = new ArrayList<>();
    private final LoginService logins = new LoginService(stores, passwords,
            new LoginThrottle(3, Duration.ofSeconds(1), Duration.ofSeconds(8), 1000), clock, events::add);

    LoginServiceTest() {
        stores.add(TestUsers.alice());
    }

    @Test
    void loginWhenPasswordRightThenUserAndLastLoginRecorded() {
        var outcome = logins.login("oauth2", "alice", "secret".toCharArray());

        assertThat(outcome.value().id()).isEqualTo("1");
        assertThat(stores.findById("1").orElseThrow().lastLoginAt()).isEqualTo(clock.instant());
    }

    @Test
    void loginWhenEmailGivenThenSameUser() {
        assertThat(logins.login("oauth2", "alice@example.com", "secret".toCharArray()).value().id()).isEqualTo("1");
    }

    @Test
    void loginWhenUnknownUserOrWrongPasswordThenSameFailureAndSameWork() {
        var unknown = logins.login("oauth2", "mallory", "secret".toCharArray());
        var wrong = logins.login("oauth2", "alice", "guess".toCharArray());

        assertThat(unknown.failure()).isEqualTo(Failure.BAD_CREDENTIALS);
        assertThat(wrong.failure()).isEqualTo(Failure.BAD_CREDENTIALS);
        assertThat(passwords.verifications.get()).isEqualTo(2);
    }

    @Test
    void loginWhenUserDisabledThenReportedOnlyAfterRightPassword() {
        stores.setActive("1", false);

        assertThat(logins.login("oauth2", "alice", "guess".toCharArray()).failure()).isEqualTo(Failure.BAD_CREDENTIALS);
        assertThat(logins.login("oauth2", "alice", "secret".toCharArray()).failure()).isEqualTo(Failure.USER_DISABLED);
    }

    @Test
    void loginWhenImportedHashMatchesThenUpgradedToCurrentFormat() {
        stores.add(TestUsers.user("7", "django", "d@example.com").withPasswordHash("old:pw"));

        assertThat(logins.login("oauth2", "django", "pw".toCharArray()).isOk()).isTrue();

        assertThat(stores.findById("7").orElseThrow().passwordHash()).isEqualTo("plain:pw");
    }

    @Test
    void loginWhenRepeatedFailuresThenThrottledUntilBackOffEnds() {
        for (int i = 0; i < 4; i++) {
            logins.login("oauth2", "alice", "guess".toCharArray());
        }

        assertThat(logins.login("oauth2", "alice", "secret".toCharArray()).failure()).isEqualTo(Failure.THROTTLED);
        assertThat(events).extracting(SecurityEvent::type).contains(SecurityEvent.Type.LOGIN_THROTTLED);

        clock.advance(Duration.ofSeconds(1));
        assertThat(logins.login("oauth2", "alice", "secret".toCharArray()).isOk()).isTrue();
    }

    @Test
    void loginWhenOtherAccountThrottledThenThisOneUnaffected() {
        for (int i = 0; i < 10; i++) {
            logins.login("oauth2", "bob", "guess".toCharArray());
        }
        assertThat(logins.login("oauth2", "alice", "secret".toCharArray()).isOk()).isTrue();
    }
}

package dev.rotor.core.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final LoginThrottle throttle = new LoginThrottle(2, Duration.ofSeconds(1), Duration.ofSeconds(8), 3);

    @Test
    void delayWhenFailuresGrowThenDoublesUpToMaximum() {
        assertThat(throttle.delayAfter(2)).isZero();
        assertThat(throttle.delayAfter(3)).hasSeconds(1);
        assertThat(throttle.delayAfter(4)).hasSeconds(2);
        assertThat(throttle.delayAfter(6)).hasSeconds(8);
        assertThat(throttle.delayAfter(60)).hasSeconds(8);
    }

    @Test
    void waitForWhenNameCaseDiffersThenSameAccount() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("Alice", T0);
        }
        assertThat(throttle.waitFor(" alice ", T0)).hasSeconds(1);
        throttle.succeeded("ALICE");
        assertThat(throttle.waitFor("alice", T0)).isZero();
    }

    @Test
    void failedWhenAccountQuietForLongThenCountStartsAfresh() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("alice", T0);
        }
        Instant muchLater = T0.plus(Duration.ofMinutes(5));
        throttle.failed("alice", muchLater);
        assertThat(throttle.waitFor("alice", muchLater)).isZero();
    }

    @Test
    void failedWhenManyDistinctAccountsThenMemoryStaysBounded() {
        for (int i = 0; i < 50; i++) {
            throttle.failed("user" + i, T0.plusSeconds(i * 100L));
        }
        for (int i = 0; i < 3; i++) {
            throttle.failed("last", T0.plusSeconds(10_000));
        }
        assertThat(throttle.waitFor("last", T0.plusSeconds(10_000))).hasSeconds(1);
    }
}

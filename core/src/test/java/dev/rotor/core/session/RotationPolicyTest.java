package dev.rotor.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RotationPolicyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void parseWhenKnownWordsThenPolicies() {
        assertThat(RotationPolicy.parse("always")).isEqualTo(RotationPolicy.ALWAYS);
        assertThat(RotationPolicy.parse(" NEVER ")).isEqualTo(RotationPolicy.NEVER);
        assertThat(RotationPolicy.parse("after:P23D")).isEqualTo(new RotationPolicy.After(Duration.ofDays(23)));
        assertThat(RotationPolicy.parse("after:pt10m").toString()).isEqualTo("after:PT10M");
    }

    @Test
    void parseWhenMalformedThenErrorNamesTheValue() {
        assertThatThrownBy(() -> RotationPolicy.parse("sometimes")).hasMessageContaining("sometimes");
        assertThatThrownBy(() -> RotationPolicy.parse("after:23 days")).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> RotationPolicy.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rotatesWhenAfterPolicyThenOnlyPastTheAge() {
        RotationPolicy gorb = RotationPolicy.parse("after:P23D");
        assertThat(gorb.rotates(T0, T0.plus(Duration.ofDays(23)))).isFalse();
        assertThat(gorb.rotates(T0, T0.plus(Duration.ofDays(23)).plusSeconds(1))).isTrue();
    }

    @Test
    void refreshExpiryWhenAbsoluteExpiryEarlierThenCapped() {
        Lifetimes lifetimes = Lifetimes.of(Duration.ofMinutes(5), Duration.ofDays(1), Duration.ofDays(2));
        Instant absolute = lifetimes.absoluteExpiry(T0);

        assertThat(lifetimes.refreshExpiry(T0, absolute)).isEqualTo(T0.plus(Duration.ofDays(1)));
        assertThat(lifetimes.refreshExpiry(T0.plus(Duration.ofHours(36)), absolute)).isEqualTo(absolute);
        Lifetimes sliding = Lifetimes.of(Duration.ofHours(1), Duration.ofDays(30), Duration.ZERO);
        assertThat(sliding.absoluteExpiry(T0)).isNull();
        assertThat(sliding.refreshExpiry(T0, null)).isEqualTo(T0.plus(Duration.ofDays(30)));
    }
}

package dev.rotor.core.login;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-account back-off after repeated wrong passwords (CORE.md "Passwords and login"): after {@code freeFailures}
 * failures each further one doubles the wait, up to {@code maxDelay}, so guessing is slow while the owner waits at
 * most {@code maxDelay} after the attack stops. Keyed by the login name as typed (case-folded), so unknown and known
 * accounts behave alike. Memory is bounded: at most {@code maxEntries} accounts are tracked.
 */
public final class LoginThrottle {

    private record Failures(int count, Instant lastFailure, Instant blockedUntil) {
    }

    private final int freeFailures;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final int maxEntries;
    private final Map<String, Failures> byAccount = new ConcurrentHashMap<>();

    public LoginThrottle(int freeFailures, Duration baseDelay, Duration maxDelay, int maxEntries) {
        this.freeFailures = freeFailures;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.maxEntries = maxEntries;
    }

    /** Five free failures, then 1 s doubling up to 60 s; 100,000 accounts tracked at most. */
    public static LoginThrottle standard() {
        return new LoginThrottle(5, Duration.ofSeconds(1), Duration.ofSeconds(60), 100_000);
    }

    /** How long the account must still wait at {@code now}; zero when a login may be tried. */
    public Duration waitFor(String login, Instant now) {
        Failures failures = byAccount.get(key(login));
        if (failures == null || !now.isBefore(failures.blockedUntil())) {
            return Duration.ZERO;
        }
        return Duration.between(now, failures.blockedUntil());
    }

    public void failed(String login, Instant now) {
        if (byAccount.size() >= maxEntries) {
            forgetQuietAccounts(now);
        }
        byAccount.compute(key(login), (k, old) -> {
            int count = old == null || quiet(old, now) ? 1 : old.count() + 1;
            return new Failures(count, now, now.plus(delayAfter(count)));
        });
    }

    public void succeeded(String login) {
        byAccount.remove(key(login));
    }

    Duration delayAfter(int failures) {
        if (failures <= freeFailures) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - freeFailures - 1, 30);
        Duration delay = baseDelay.multipliedBy(1L << doublings);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    /** An account with no failure for twice the longest delay starts counting afresh. */
    private boolean quiet(Failures failures, Instant now) {
        return failures.lastFailure().plus(maxDelay.multipliedBy(2)).isBefore(now);
    }

    private void forgetQuietAccounts(Instant now) {
        byAccount.values().removeIf(f -> quiet(f, now));
        if (byAccount.size() >= maxEntries) {
            byAccount.clear(); // under a flood of distinct names, forget rather than grow without bound
        }
    }

    private static String key(String login) {
        return login == null ? "" : login.trim().toLowerCase(Locale.ROOT);
    }
}

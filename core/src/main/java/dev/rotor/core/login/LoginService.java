package dev.rotor.core.login;

import dev.rotor.core.Failure;
import dev.rotor.core.Outcome;
import dev.rotor.core.event.SecurityEvent;
import dev.rotor.core.event.SecurityEvents;
import dev.rotor.core.store.User;
import dev.rotor.core.store.UserStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks a username (or e-mail) and password. Unknown user and wrong password give the same answer after the same
 * work; a disabled account is only reported once the password was right, so that guessing learns nothing.
 */
public final class LoginService {

    private final UserStore users;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final SecurityEvents events;

    public LoginService(UserStore users, PasswordHasher hasher, LoginThrottle throttle, Clock clock,
                        SecurityEvents events) {
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.clock = clock;
        this.events = events;
    }

    /** Logs in through {@code dialect} (named in security events only). */
    public Outcome<User> login(String dialect, String login, char[] password) {
        Instant now = clock.instant();
        if (!throttle.waitFor(login, now).isZero()) {
            events.record(new SecurityEvent(SecurityEvent.Type.LOGIN_THROTTLED, now, null,
                    users.findByLogin(login).map(User::id).orElse(null), dialect, "login refused during back-off"));
            return Outcome.refused(Failure.THROTTLED);
        }
        Optional<User> found = users.findByLogin(login);
        if (found.isEmpty()) {
            hasher.verifyNothing(password);
            return failed(dialect, login, null, now);
        }
        User user = found.get();
        PasswordHasher.Check check = hasher.verify(password, user.passwordHash());
        if (check == PasswordHasher.Check.MISMATCH) {
            return failed(dialect, login, user.id(), now);
        }
        throttle.succeeded(login);
        if (!user.active()) {
            return Outcome.refused(Failure.USER_DISABLED);
        }
        if (check == PasswordHasher.Check.MATCH_NEEDS_REHASH) {
            // Imported Django/bcrypt hashes are replaced by Argon2id at the first successful login (CORE.md).
            users.setPasswordHash(user.id(), hasher.hash(password));
        }
        users.recordLogin(user.id(), now);
        return Outcome.ok(user.withLastLogin(now));
    }

    private Outcome<User> failed(String dialect, String login, String userId, Instant now) {
        throttle.failed(login, now);
        events.record(new SecurityEvent(SecurityEvent.Type.LOGIN_FAILED, now, null, userId, dialect,
                "wrong username or password"));
        return Outcome.refused(Failure.BAD_CREDENTIALS);
    }
}

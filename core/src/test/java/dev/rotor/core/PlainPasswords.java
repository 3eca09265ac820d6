package dev.rotor.core;

import dev.rotor.core.login.PasswordHasher;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test hasher with readable hashes: {@code plain:<pw>} is current, {@code old:<pw>} needs a rehash. Counts calls so
 * tests can show that an unknown user costs a verification too.
 */
public final class PlainPasswords implements PasswordHasher {

    public final AtomicInteger verifications = new AtomicInteger();

    @Override
    public String hash(char[] password) {
        return "plain:" + new String(password);
    }

    @Override
    public Check verify(char[] password, String storedHash) {
        verifications.incrementAndGet();
        String pw = new String(password);
        if (("plain:" + pw).equals(storedHash)) {
            return Check.MATCH;
        }
        return ("old:" + pw).equals(storedHash) ? Check.MATCH_NEEDS_REHASH : Check.MISMATCH;
    }

    @Override
    public void verifyNothing(char[] password) {
        verifications.incrementAndGet();
    }
}

package dev.rotor.server.http.support;

import dev.rotor.core.login.PasswordHasher;
import java.util.concurrent.atomic.AtomicInteger;

/** "plain:" + password; counts verifications so tests can see the client-secret cache work. */
public final class FakePasswords implements PasswordHasher {

    public final AtomicInteger verifications = new AtomicInteger();

    @Override
    public String hash(char[] password) {
        return "plain:" + new String(password);
    }

    @Override
    public Check verify(char[] password, String storedHash) {
        verifications.incrementAndGet();
        return ("plain:" + new String(password)).equals(storedHash) ? Check.MATCH : Check.MISMATCH;
    }

    @Override
    public void verifyNothing(char[] password) {
        verifications.incrementAndGet();
    }
}

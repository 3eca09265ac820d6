package dev.rotor.core.refresh;

import dev.rotor.core.session.RefreshRecord;
import dev.rotor.core.session.Session;
import dev.rotor.core.store.User;
import java.util.Optional;

/**
 * A presented refresh token that {@link RefreshService#lookUp} found among one dialect's tokens, with its record,
 * session and user as read then. A dialect may check the session against its own request (oauth2: the client it was issued
 * to) and then refresh it without the engine reading the same rows again. Only the engine creates one.
 */
public final class PresentedRefresh {

    private final byte[] secret;
    private final RefreshRecord record;
    private final Session session;
    private final Optional<User> user;

    PresentedRefresh(byte[] secret, RefreshRecord record, Session session, Optional<User> user) {
        this.secret = secret;
        this.record = record;
        this.session = session;
        this.user = user;
    }

    public Session session() {
        return session;
    }

    byte[] secret() {
        return secret;
    }

    RefreshRecord record() {
        return record;
    }

    /** The session's user as read with it; empty when the user is gone. */
    Optional<User> user() {
        return user;
    }
}

package dev.rotor.core.refresh;

import dev.rotor.core.session.RefreshRecord;
import dev.rotor.core.session.Session;

/**
 * A presented refresh token that {@link RefreshService#lookUp} found among one dialect's tokens, with its record and
 * session as read then. A dialect may check the session against its own request (oauth2: the client it was issued
 * to) and then refresh it without the engine reading the same rows again. Only the engine creates one.
 */
public final class PresentedRefresh {

    private final byte[] secret;
    private final RefreshRecord record;
    private final Session session;

    PresentedRefresh(byte[] secret, RefreshRecord record, Session session) {
        this.secret = secret;
        this.record = record;
        this.session = session;
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
}

package dev.rotor.core.store;

import dev.rotor.core.session.RefreshRecord;
import dev.rotor.core.session.Session;
import java.util.Optional;

/**
 * A refresh-token record together with its session and the session's user (empty when the user is gone), as
 * {@link TokenStore#findRefreshInSession} reads them.
 */
public record RefreshInSession(RefreshRecord refresh, Session session, Optional<User> user) {
}

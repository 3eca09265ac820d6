package dev.rotor.core.store;

import dev.rotor.core.session.RefreshRecord;
import dev.rotor.core.session.Session;

/** A refresh-token record together with its session, as {@link TokenStore#findRefreshInSession} reads them. */
public record RefreshInSession(RefreshRecord refresh, Session session) {
}

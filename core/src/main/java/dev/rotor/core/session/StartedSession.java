package dev.rotor.core.session;

import dev.rotor.core.token.IssuedAccess;
import dev.rotor.core.token.IssuedRefresh;

/** A new session with the first refresh token and, for opaque-access dialects, the first access token (else null). */
public record StartedSession(Session session, IssuedRefresh refresh, IssuedAccess access) {
}

package dev.rotor.core.refresh;

import dev.rotor.core.session.Session;
import dev.rotor.core.store.User;
import dev.rotor.core.token.IssuedAccess;
import dev.rotor.core.token.IssuedRefresh;

/**
 * A successful refresh.
 *
 * @param refresh the refresh token the client holds from now on: the successor when {@code rotated}, else the
 *                presented token unchanged
 * @param access  a new opaque access token for opaque-access dialects, else null (the dialect signs a JWT)
 */
public record Refreshed(Session session, User user, IssuedRefresh refresh, boolean rotated, IssuedAccess access) {
}

package dev.rotor.server.http;

import java.util.Optional;

/**
 * Recognises one dialect's tokens for OAuth 2.0 introspection (RFC 7662) and revocation (RFC 7009). Returns empty
 * for anything that is not a genuine token of that dialect; must never throw for malformed input, and must not
 * judge the session: the caller does.
 */
@FunctionalInterface
public interface TokenIntrospector {

    Optional<TokenInfo> inspect(String token);
}

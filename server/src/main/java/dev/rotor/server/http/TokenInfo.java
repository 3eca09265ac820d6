package dev.rotor.server.http;

import java.time.Instant;

/**
 * What a dialect knows of one of its tokens whose format and signature (or stored hash) check out, before the
 * session is consulted. OAuth 2.0 introspection reports it as active only if it has not expired and its session
 * ({@code sessionId}, when not null) is active.
 *
 * @param kind         access or refresh
 * @param dialect      the dialect that issued it
 * @param sessionId    the session, or null for tokens that have none (client_credentials)
 * @param userId       the user's id when known, used to fill {@code username}
 * @param opaqueHash   for opaque access tokens, the stored hash (revocation deletes it); else null
 */
public record TokenInfo(Kind kind, String dialect, String sessionId, String subject, String userId, String clientId,
                        String scope, Instant issuedAt, Instant expiresAt, String issuer, String audience,
                        String opaqueHash) {

    /** Access or refresh token. */
    public enum Kind { ACCESS, REFRESH }
}

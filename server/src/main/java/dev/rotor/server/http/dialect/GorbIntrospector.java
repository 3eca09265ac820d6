package dev.rotor.server.http.dialect;

import dev.rotor.core.session.AccessRecord;
import dev.rotor.core.session.RefreshRecord;
import dev.rotor.core.session.Session;
import dev.rotor.core.store.TokenStore;
import dev.rotor.core.token.RefreshKey;
import dev.rotor.core.token.TokenHash;
import dev.rotor.server.http.TokenInfo;
import dev.rotor.server.http.TokenIntrospector;
import java.time.Instant;
import java.util.Optional;

/**
 * Recognises gorb's opaque tokens for OAuth 2.0 introspection and revocation: a 32-hex access token or a 64-hex
 * refresh token whose hash is stored for a gorb session. Resource servers validate gorb access tokens this way.
 */
final class GorbIntrospector implements TokenIntrospector {

    private final TokenStore tokens;

    GorbIntrospector(TokenStore tokens) {
        this.tokens = tokens;
    }

    @Override
    public Optional<TokenInfo> inspect(String token) {
        byte[] access = GorbTokens.accessSecret(token);
        if (access != null) {
            String hash = TokenHash.of(access);
            return tokens.findAccess(hash).flatMap(record -> info(TokenInfo.Kind.ACCESS, record.sessionId(),
                    record.issuedAt(), record.expiresAt(), hash));
        }
        byte[] refresh = GorbTokens.refreshSecret(token);
        if (refresh != null) {
            return RefreshKey.find(refresh, tokens::findRefresh).filter(RefreshRecord::isCurrent)
                    .flatMap(record -> info(TokenInfo.Kind.REFRESH, record.sessionId(), record.issuedAt(),
                            record.expiresAt(), null));
        }
        return Optional.empty();
    }

    private Optional<TokenInfo> info(TokenInfo.Kind kind, String sessionId, Instant issued, Instant expires,
                                     String opaqueHash) {
        return tokens.findSession(sessionId)
                .filter(s -> s.dialect().equals(GorbDialect.NAME))
                .map(s -> new TokenInfo(kind, GorbDialect.NAME, s.id(), s.userId(), s.userId(), s.clientId(),
                        s.scope(), issued, expires, null, null, opaqueHash));
    }

    /** The session of a gorb access token that exists, has not expired, and whose session is active at {@code now}. */
    static Optional<Session> activeAccess(TokenStore tokens, String token, Instant now) {
        byte[] secret = GorbTokens.accessSecret(token);
        if (secret == null) {
            return Optional.empty();
        }
        Optional<AccessRecord> record = tokens.findAccess(TokenHash.of(secret)).filter(r -> !r.expiredAt(now));
        return record.flatMap(r -> tokens.findSession(r.sessionId()))
                .filter(s -> s.dialect().equals(GorbDialect.NAME) && s.activeAt(now));
    }
}

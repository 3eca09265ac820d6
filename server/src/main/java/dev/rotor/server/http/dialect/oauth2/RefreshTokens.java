package dev.rotor.server.http.dialect.oauth2;

import dev.rotor.core.session.RefreshRecord;
import dev.rotor.core.session.Session;
import dev.rotor.core.store.TokenStore;
import dev.rotor.core.token.RefreshKey;
import dev.rotor.server.http.TokenInfo;
import java.util.Optional;

/** Recognises the oauth2 dialect's current refresh tokens for introspection and revocation. */
final class RefreshTokens {

    private final TokenStore tokens;
    private final String issuer;

    RefreshTokens(TokenStore tokens, String issuer) {
        this.tokens = tokens;
        this.issuer = issuer;
    }

    /** A current refresh token of an oauth2 session; rotated or foreign tokens are not reported. */
    Optional<TokenInfo> inspect(String token) {
        Optional<byte[]> secret = RefreshTokenFormat.parse(token);
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        Optional<RefreshRecord> record = RefreshKey.find(secret.get(), tokens::findRefresh)
                .filter(RefreshRecord::isCurrent);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        Optional<Session> session = tokens.findSession(record.get().sessionId()).filter(s -> s.dialect().equals("oauth2"));
        return session.map(s -> new TokenInfo(TokenInfo.Kind.REFRESH, "oauth2", s.id(), s.userId(), s.userId(),
                s.clientId(), s.scope(), record.get().issuedAt(), record.get().expiresAt(), issuer, null, null));
    }
}

package dev.rotor.server.http.dialect;

import dev.rotor.core.session.RefreshRecord;
import dev.rotor.core.store.TokenStore;
import dev.rotor.core.token.TokenHash;
import dev.rotor.server.http.TokenInfo;
import dev.rotor.server.http.TokenIntrospector;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Recognises simplejwt tokens for OAuth 2.0 introspection and revocation. Access tokens carry no session id (their
 * claims are exactly simplejwt's), so they are reported by signature and expiry; refresh tokens by their stored hash.
 */
final class SimpleJwtIntrospector implements TokenIntrospector {

    private final Supplier<SimpleJwtTokens> tokens;
    private final TokenStore store;
    private final Clock clock;

    SimpleJwtIntrospector(Supplier<SimpleJwtTokens> tokens, TokenStore store, Clock clock) {
        this.tokens = tokens;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Optional<TokenInfo> inspect(String token) {
        SimpleJwtTokens.Parsed parsed;
        try {
            parsed = tokens.get().parse(token, null, clock.instant());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (!parsed.ok()) {
            return Optional.empty();
        }
        SimpleJwtTokens.Presented t = parsed.token();
        if (SimpleJwtTokens.ACCESS.equals(t.tokenType())) {
            return Optional.of(new TokenInfo(TokenInfo.Kind.ACCESS, SimpleJwtDialect.NAME, null, t.userId(),
                    t.userId(), null, null, t.issuedAt(), t.expiresAt(), null, null, null));
        }
        if (!SimpleJwtTokens.REFRESH.equals(t.tokenType()) || t.secret() == null) {
            return Optional.empty();
        }
        return store.findRefresh(TokenHash.of(t.secret())).filter(RefreshRecord::isCurrent)
                .flatMap(r -> store.findSession(r.sessionId()))
                .filter(s -> s.dialect().equals(SimpleJwtDialect.NAME))
                .map(s -> new TokenInfo(TokenInfo.Kind.REFRESH, SimpleJwtDialect.NAME, s.id(), s.userId(),
                        s.userId(), null, null, t.issuedAt(), t.expiresAt(), null, null, null));
    }
}

package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.server.http.dialect.KirjaswappiDialect.Refresher;
import dev.rotor.server.http.dialect.KirjaswappiDialect.Reply;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** DIALECTS.md: a server fault is a 500 in the dialect's shape with a generic message, never the exception's text. */
class KirjaswappiDuktigWatchrServerFaultTest {

    private static final String SECRET_TEXT = "SELECT * FROM refresh_tokens WHERE hash = 'boom'";
    private final DialectFixture f = new DialectFixture();
    private final Refresher broken = (rules, secret) -> {
        throw new IllegalStateException(SECRET_TEXT);
    };

    @Test
    void kirjaswappi() {
        String token = kirjaswappiRefreshToken();
        Reply r = new KirjaswappiDialect(f.kirjaswappiTokens, KirjaswappiDialect.defaultRules(), f.login, f.sessions, broken,
                f.clock, "").handle(DialectFixture.post("/api/v1/authenticate/refresh",
                ("{\"refreshToken\":\"" + token + "\"}").getBytes(StandardCharsets.UTF_8)));
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"error\":{\"code\":\"internalServerError\",\"message\":\"Internal server error.\","
                + "\"target\":\"/api/v1/authenticate/refresh\",\"details\":[]}}");
    }

    @Test
    void duktig() {
        Reply login = f.duktig.handle(DialectFixture.post("/auth/token",
                "{\"email\":\"alice@example.com\",\"password\":\"wonderland\"}".getBytes(StandardCharsets.UTF_8), "X-Auth-Key", "k3y"));
        String token = login.body().replaceAll(".*\"refresh_token\":\"([^\"]+)\".*", "$1");
        Reply r = new DuktigDialect(f.duktigTokens, DuktigDialect.defaultRules(), f.login, f.sessions, broken, f.clock, "", null)
                .handle(DialectFixture.post("/auth/refresh_token", new byte[0], "Refresh-Token", token));
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"status\":\"error\",\"message\":\"Internal server error\"}");
    }

    @Test
    void watchr() {
        Reply r = new WatchrDialect(new WatchrTokens(DialectTestRings.hs256("w".repeat(32))), WatchrDialect.defaultRules(),
                f.login, f.sessions, broken, f.clock, "", true, Set.of())
                .handle(DialectFixture.post("/auth/refresh", new byte[0], "Cookie", "refresh_token=" + "A".repeat(43)));
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("{\"detail\":\"Internal Server Error\"}").doesNotContain("SELECT");
    }

    /** Logs alice in through kirjaswappi and returns her refresh token. */
    private String kirjaswappiRefreshToken() {
        Reply login = f.kirjaswappi.handle(DialectFixture.post("/api/v1/authenticate",
                "{\"username\":\"alice\",\"password\":\"wonderland\"}".getBytes(StandardCharsets.UTF_8)));
        return login.body().replaceAll(".*\"refreshToken\":\"([^\"]+)\".*", "$1");
    }
}

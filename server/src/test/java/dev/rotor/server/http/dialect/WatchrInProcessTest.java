package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.core.PlainPasswords;
import dev.rotor.core.TestClock;
import dev.rotor.core.event.SecurityEvents;
import dev.rotor.core.login.LoginService;
import dev.rotor.core.login.LoginThrottle;
import dev.rotor.core.refresh.RefreshService;
import dev.rotor.core.session.SessionService;
import dev.rotor.core.store.User;
import dev.rotor.core.store.memory.InMemoryStores;
import dev.rotor.core.token.SuccessorDeriver;
import dev.rotor.server.http.dialect.KirjaswappiDialect.Reply;
import dev.rotor.server.http.dialect.KirjaswappiDialect.Request;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The three dialects' handlers in process (no HTTP): main flows, and bad input never answered with a 5xx. */
class WatchrInProcessTest {

    private final TestClock clock = TestClock.atNewYear();
    private final InMemoryStores stores = new InMemoryStores();
    private final SessionService sessions = new SessionService(stores, stores, clock, SecurityEvents.NONE);
    private final LoginService login = new LoginService(stores, new PlainPasswords(), LoginThrottle.standard(), clock,
            SecurityEvents.NONE);
    private final RefreshService refresh = new RefreshService(stores, stores, clock,
            new SuccessorDeriver(new byte[32]), Duration.ofSeconds(10), SecurityEvents.NONE);

    WatchrInProcessTest() {
        stores.add(new User("1", "alice", "alice@example.com", "Alice", "Liddell", "1", true, "plain:wonderland",
                Instant.parse("2025-01-01T00:00:00Z"), null));
    }

    private static Request post(String path, Map<String, List<String>> headers, String body) {
        return new Request("POST", path, headers, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, List<String>> headers(String... kv) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            h.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
        }
        return h;
    }

    @Test
    void watchrLoginRefreshRotatesLogoutEndsSession() {
        WatchrDialect w = new WatchrDialect(new WatchrTokens(DialectTestRings.hs256("w".repeat(32))),
                WatchrDialect.defaultRules(), login, sessions, refresh::refresh, clock, "", true, Set.of());
        Reply in = w.handle(post("/auth/login", headers("Content-Type", "application/x-www-form-urlencoded"),
                "username=alice&password=wonderland"));
        assertThat(in.status()).isEqualTo(200);
        String cookie = in.headers().get("Set-Cookie").get(0);
        assertThat(cookie).matches("refresh_token=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=/auth; Max-Age=604800; Secure");
        String value = cookie.substring("refresh_token=".length(), cookie.indexOf(';'));
        Reply r = w.handle(post("/auth/refresh", headers("Cookie", "refresh_token=" + value), null));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("\"token_type\":\"bearer\"");
        String next = r.headers().get("Set-Cookie").get(0);
        assertThat(next).doesNotContain(value);
        String nextValue = next.substring("refresh_token=".length(), next.indexOf(';'));
        assertThat(w.handle(post("/auth/refresh", headers("Cookie", "refresh_token=" + nextValue,
                "Origin", "https://evil.example"), null)).status()).isEqualTo(403);
        assertThat(w.handle(post("/auth/refresh", headers("Cookie", "refresh_token=" + nextValue + "; refresh_token=" + nextValue), null)).status()).isEqualTo(401);
        assertThat(w.handle(post("/auth/refresh", headers("Cookie", "refresh_token=" + nextValue + "\r\nX: y"), null)).status()).isEqualTo(401);
        assertThat(w.handle(post("/auth/logout", headers("Cookie", "refresh_token=" + nextValue), null)).status()).isEqualTo(204);
        Reply after = w.handle(post("/auth/refresh", headers("Cookie", "refresh_token=" + nextValue), null));
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.headers().get("WWW-Authenticate")).containsExactly("Bearer");
        assertThat(w.handle(post("/auth/login", headers(), "")).body())
                .isEqualTo("{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"username\"],\"msg\":\"Field required\",\"input\":null},"
                        + "{\"type\":\"missing\",\"loc\":[\"body\",\"password\"],\"msg\":\"Field required\",\"input\":null}]}");
        assertThat(w.handle(new Request("GET", "/openapi.json", headers(), new byte[0])).body()).contains("\"post_auth_refresh\"");
    }

    @Test
    void kirjaswappiAndDuktigFlowsAndBadInputNeverFiveHundred() {
        KirjaswappiDialect k = new KirjaswappiDialect(new KirjaswappiTokens(DialectTestRings.hs256("k".repeat(32))),
                KirjaswappiDialect.defaultRules(), login, sessions, refresh::refresh, clock, "");
        Reply in = k.handle(post("/api/v1/authenticate", headers(), "{\"username\":\"alice\",\"password\":\"wonderland\"}"));
        assertThat(in.status()).isEqualTo(200);
        String rt = in.body().replaceAll(".*\"refreshToken\":\"([^\"]+)\".*", "$1");
        assertThat(k.handle(post("/api/v1/authenticate/refresh", headers(), "{\"refreshToken\":\"" + rt + "\"}")).status()).isEqualTo(200);
        assertThat(k.handle(post("/api/v1/authenticate/refresh", headers(), "{\"refreshToken\":\"string\"}")).body())
                .isEqualTo("{\"error\":{\"code\":\"invalidRefreshToken\",\"message\":\"Please provide a valid refresh token.\","
                        + "\"target\":\"/api/v1/authenticate/refresh\",\"details\":[]}}");
        DuktigDialect d = new DuktigDialect(new DuktigTokens(DialectTestRings.hs256("a".repeat(32)),
                DialectTestRings.hs256("r".repeat(32)), "rotor-duktig", "duktig-access", "duktig-refresh"),
                DuktigDialect.defaultRules(), login, sessions, refresh::refresh, clock, "", null);
        Reply dl = d.handle(post("/auth/token", headers(), "{\"email\":\"alice@example.com\",\"password\":\"wonderland\"}"));
        assertThat(dl.status()).isEqualTo(200);
        assertThat(dl.body()).contains("\"expires_in\":" + (clock.instant().getEpochSecond() + 86400));
        String drt = dl.body().replaceAll(".*\"refresh_token\":\"([^\"]+)\".*", "$1");
        assertThat(d.handle(post("/auth/refresh_token", headers("Refresh-Token", drt), "ignored")).status()).isEqualTo(200);
        String at = dl.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
        assertThat(d.handle(post("/auth/refresh_token", headers("Refresh-Token", at), null)).body())
                .isEqualTo("{\"status\":\"error\",\"message\":\"Invalid token\"}");
        String big = "x".repeat(10_000);
        List<String> bodies = List.of("", "null", "[]", "[1,2]", "42", "\"s\"", "{", "{\"username\":null,\"password\":null}",
                "{\"username\":1,\"password\":[]}", "{\"username\":\"a\",\"username\":\"b\",\"password\":\"c\"}",
                "{\"username\":\"\u00e9\u00fc\ud83d\ude00\",\"password\":\"" + big + "\"}", "{\"refreshToken\":\"" + big + "\"}",
                "{\"refreshToken\":{}}", "{\"email\":\"" + big + "@x.io\",\"password\":\"" + big + "\"}", "x".repeat(70_000));
        for (String body : bodies) {
            for (Reply reply : List.of(k.handle(post("/api/v1/authenticate", headers(), body)),
                    k.handle(post("/api/v1/authenticate/refresh", headers(), body)),
                    d.handle(post("/auth/token", headers(), body)),
                    d.handle(post("/auth/refresh_token", headers("Refresh-Token", body), body)))) {
                assertThat(reply.status()).as(body.length() > 80 ? body.substring(0, 80) : body).isBetween(400, 499);
            }
        }
    }
}

package dev.rotor.server.http.dialect;

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
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The three dialects in process over InMemoryStores and real key rings, for the fuzz targets. */
final class DialectFixture {

    final TestClock clock = TestClock.atNewYear();
    final InMemoryStores stores = new InMemoryStores();
    final SessionService sessions = new SessionService(stores, stores, clock, SecurityEvents.NONE);
    final LoginService login = new LoginService(stores, new PlainPasswords(), LoginThrottle.standard(), clock, SecurityEvents.NONE);
    final RefreshService refresh = new RefreshService(stores, stores, clock, new SuccessorDeriver(new byte[32]),
            Duration.ofSeconds(10), SecurityEvents.NONE);
    final KirjaswappiTokens kirjaswappiTokens = new KirjaswappiTokens(DialectTestRings.hs256("k".repeat(32)));
    final DuktigTokens duktigTokens = new DuktigTokens(DialectTestRings.hs256("a".repeat(32)),
            DialectTestRings.hs256("r".repeat(32)), "rotor-duktig", "duktig-access", "duktig-refresh");
    final KirjaswappiDialect kirjaswappi = new KirjaswappiDialect(kirjaswappiTokens, KirjaswappiDialect.defaultRules(),
            login, sessions, refresh::refresh, clock, "");
    final DuktigDialect duktig = new DuktigDialect(duktigTokens, DuktigDialect.defaultRules(), login, sessions,
            refresh::refresh, clock, "", "k3y");
    final WatchrDialect watchr = new WatchrDialect(new WatchrTokens(DialectTestRings.hs256("w".repeat(32))),
            WatchrDialect.defaultRules(), login, sessions, refresh::refresh, clock, "", true, Set.of("https://app.example"));

    DialectFixture() {
        stores.add(new User("1", "alice", "alice@example.com", "Alice", "Liddell", "1", true, "plain:wonderland",
                Instant.parse("2025-01-01T00:00:00Z"), null));
    }

    static Request post(String path, byte[] body, String... headers) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.computeIfAbsent(headers[i], k -> new java.util.ArrayList<>()).add(headers[i + 1]);
        }
        return new Request("POST", path, h, body, "http");
    }

    /** What every answer to any input must be: no 5xx, and a body unless 204. */
    static void check(Reply reply, byte[] input) {
        if (reply.status() >= 500 || (reply.status() != 204 && reply.body() == null)) {
            throw new AssertionError(reply.status() + " " + reply.body() + " for " + java.util.Arrays.toString(input));
        }
    }
}

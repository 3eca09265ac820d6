package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.server.http.support.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DIALECTS.md: each dialect's paths can be moved under a prefix, and each dialect can be switched off. */
class KirjaswappiDuktigWatchrPrefixTest {

    private static final String KIRJASWAPPI_LOGIN = "{\"username\":\"alice\",\"password\":\"wonderland\"}";
    private static final String DUKTIG_LOGIN = "{\"email\":\"alice@example.com\",\"password\":\"wonderland\"}";

    @Test
    void prefixesMoveEveryPathAndTheCookiePath() {
        Map<String, String> settings = Map.of("ROTOR_KIRJASWAPPI_PREFIX", "/kj", "ROTOR_DUKTIG_PREFIX", "/dk",
                "ROTOR_WATCHR_PREFIX", "/wa");
        try (TestServer server = new TestServer(settings, DialectKeys.real(settings))) {
            HttpResponse<String> k = WireGoldenRunner.post(server, "/kj/api/v1/authenticate", "application/json", KIRJASWAPPI_LOGIN);
            assertThat(k.statusCode()).as(k.body()).isEqualTo(200);
            String refresh = WireGoldenRunner.json(k).get("refreshToken").asText();
            HttpResponse<String> bad = WireGoldenRunner.post(server, "/kj/api/v1/authenticate/refresh", "application/json", "{}");
            assertThat(bad.body()).contains("\"target\":\"/kj/api/v1/authenticate/refresh\"");
            assertThat(WireGoldenRunner.post(server, "/kj/api/v1/authenticate/refresh", "application/json",
                    WireGoldenRunner.object().put("refreshToken", refresh).toString()).statusCode()).isEqualTo(200);
            assertThat(WireGoldenRunner.post(server, "/api/v1/authenticate", "application/json", KIRJASWAPPI_LOGIN).statusCode())
                    .isEqualTo(404);

            assertThat(WireGoldenRunner.post(server, "/dk/auth/token", "application/json", DUKTIG_LOGIN).statusCode()).isEqualTo(200);
            assertThat(WireGoldenRunner.post(server, "/auth/token", "application/json", DUKTIG_LOGIN).statusCode()).isEqualTo(404);

            HttpResponse<String> w = WireGoldenRunner.post(server, "/wa/auth/login", "application/x-www-form-urlencoded",
                    "username=alice&password=wonderland");
            assertThat(w.statusCode()).as(w.body()).isEqualTo(200);
            assertThat(w.headers().firstValue("Set-Cookie").orElse("")).contains("; Path=/wa/auth;");
            assertThat(WireGoldenRunner.post(server, "/wa/auth/refresh", null, "", "Cookie",
                    "refresh_token=" + WatchrWireTest.cookie(w)).statusCode()).isEqualTo(200);
            assertThat(server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/wa/openapi.json")))
                    .GET().build()).body()).contains("/wa/auth/refresh");
        }
    }

    @Test
    void switchedOffDialectsAnswerNothing() {
        Map<String, String> settings = Map.of("ROTOR_DIALECTS", "oauth2");
        try (TestServer server = new TestServer(settings, DialectKeys.real(settings))) {
            assertThat(WireGoldenRunner.post(server, "/api/v1/authenticate", "application/json", KIRJASWAPPI_LOGIN).statusCode())
                    .isEqualTo(404);
            assertThat(WireGoldenRunner.post(server, "/auth/token", "application/json", DUKTIG_LOGIN).statusCode()).isEqualTo(404);
            assertThat(WireGoldenRunner.post(server, "/auth/login", "application/x-www-form-urlencoded",
                    "username=alice&password=wonderland").statusCode()).isEqualTo(404);
        }
    }
}

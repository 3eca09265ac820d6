package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rotor.server.http.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The three dialects on the production key rings they declare in {@link Dialects#keyRings}, over real HTTP: JWT
 * headers as the originals write them (no {@code kid}), and a token of one dialect is refused by the others.
 */
class KirjaswappiDuktigWatchrKeysTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode header(String jwt) throws Exception {
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))), StandardCharsets.UTF_8));
    }

    @Test
    void headersAsTheOriginalsAndNoTokenCrossesDialects() throws Exception {
        try (TestServer server = new TestServer(Map.of(), DialectKeys.real(Map.of()))) {
            String[] k = KirjaswappiWireTest.login(server);
            String[] d = DuktigWireTest.login(server, null);
            String[] w = WatchrWireTest.login(server);

            assertThat(header(d[1])).isEqualTo(JSON.readTree("{\"typ\":\"JWT\",\"cty\":\"JWT\",\"alg\":\"HS256\"}"));
            assertThat(header(d[0])).isEqualTo(JSON.readTree("{\"typ\":\"JWT\",\"cty\":\"JWT\",\"alg\":\"HS256\"}"));
            for (String jwt : new String[] {k[0], k[1], w[1]}) {
                assertThat(header(jwt).has("kid")).as(jwt).isFalse();
                assertThat(header(jwt).get("alg").asText()).isEqualTo("HS256");
            }

            // each refreshes in its own dialect
            assertThat(kirjaswappiRefresh(server, k[0])).isEqualTo(200);
            assertThat(duktigRefresh(server, d[0])).isEqualTo(200);
            assertThat(watchrRefresh(server, w[0])).isEqualTo(200);
            // and nowhere else
            assertThat(kirjaswappiRefresh(server, d[0])).isEqualTo(401);
            assertThat(duktigRefresh(server, k[0])).isEqualTo(401);
            assertThat(duktigRefresh(server, d[1])).as("a duktig access token").isEqualTo(401);
            assertThat(kirjaswappiRefresh(server, k[1])).as("a kirjaswappi access token").isEqualTo(401);
            assertThat(kirjaswappiRefresh(server, w[1])).isEqualTo(401);
            assertThat(duktigRefresh(server, w[1])).isEqualTo(401);
        }
    }

    @Test
    void duktigSigningKeySignsAccessTokensOnlyRefreshTokensHaveAKeyOfTheirOwn() throws Exception {
        String key = "duktig-shared-secret-0123456789abcdef";
        Map<String, String> settings = Map.of("ROTOR_DUKTIG_SIGNING_KEY", key);
        try (TestServer server = new TestServer(settings, DialectKeys.real(settings))) {
            String[] d = DuktigWireTest.login(server, null);
            com.nimbusds.jose.crypto.MACVerifier verifier = new com.nimbusds.jose.crypto.MACVerifier(key.getBytes(StandardCharsets.UTF_8));
            assertThat(com.nimbusds.jwt.SignedJWT.parse(d[1]).verify(verifier)).as("access token under the shared key").isTrue();
            assertThat(com.nimbusds.jwt.SignedJWT.parse(d[0]).verify(verifier)).as("refresh token under another key").isFalse();
            assertThat(duktigRefresh(server, d[0])).isEqualTo(200);
        }
    }

    private static int kirjaswappiRefresh(TestServer server, String token) {
        return WireGoldenRunner.post(server, "/api/v1/authenticate/refresh", "application/json",
                WireGoldenRunner.object().put("refreshToken", token).toString()).statusCode();
    }

    private static int duktigRefresh(TestServer server, String token) {
        return WireGoldenRunner.post(server, "/auth/refresh_token", null, "", "Refresh-Token", token).statusCode();
    }

    private static int watchrRefresh(TestServer server, String cookie) {
        return WireGoldenRunner.post(server, "/auth/refresh", null, "", "Cookie", "refresh_token=" + cookie).statusCode();
    }
}

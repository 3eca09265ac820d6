package dev.rotor.server.http.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rotor.server.http.support.TestServer;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every golden file of {@code wire/duktig/} replayed over real HTTP. */
class DuktigWireTest {

    static String[] login(TestServer server, String authKey) {
        String body = WireGoldenRunner.object().put("email", "alice@example.com").put("password", WireGoldenRunner.PASSWORD).toString();
        JsonNode out = WireGoldenRunner.json(authKey == null
                ? WireGoldenRunner.post(server, "/auth/token", "application/json", body)
                : WireGoldenRunner.post(server, "/auth/token", "application/json", body, "X-Auth-Key", authKey));
        return new String[] {out.get("refresh_token").asText(), out.get("access_token").asText()};
    }

    @TestFactory
    Stream<DynamicTest> goldenFiles() {
        return WireGoldenRunner.replay("duktig", new WireGoldenRunner.Flows() {
            @Override
            public String[] login(TestServer server, Map<String, String> settings) {
                return DuktigWireTest.login(server, settings.get("ROTOR_DUKTIG_AUTH_KEY"));
            }

            @Override
            public void refresh(TestServer server, String refresh) {
                WireGoldenRunner.json(WireGoldenRunner.post(server, "/auth/refresh_token", null, "", "Refresh-Token", refresh));
            }
        });
    }
}

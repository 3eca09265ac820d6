package dev.rotor.server.http.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rotor.server.http.support.TestServer;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every golden file of {@code wire/kirjaswappi/} replayed over real HTTP. */
class KirjaswappiWireTest {

    static final String JSON = "application/json";

    static String[] login(TestServer server) {
        JsonNode out = WireGoldenRunner.json(WireGoldenRunner.post(server, "/api/v1/authenticate", JSON,
                WireGoldenRunner.object().put("username", "alice").put("password", WireGoldenRunner.PASSWORD).toString()));
        return new String[] {out.get("refreshToken").asText(), out.get("jwtToken").asText()};
    }

    @TestFactory
    Stream<DynamicTest> goldenFiles() {
        return WireGoldenRunner.replay("kirjaswappi", new WireGoldenRunner.Flows() {
            @Override
            public String[] login(TestServer server, Map<String, String> settings) {
                return KirjaswappiWireTest.login(server);
            }

            @Override
            public void refresh(TestServer server, String refresh) {
                WireGoldenRunner.json(WireGoldenRunner.post(server, "/api/v1/authenticate/refresh", JSON,
                        WireGoldenRunner.object().put("refreshToken", refresh).toString()));
            }
        });
    }
}

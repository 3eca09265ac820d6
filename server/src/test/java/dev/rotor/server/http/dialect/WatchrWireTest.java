package dev.rotor.server.http.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.server.http.support.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every golden file of {@code wire/watchr/} replayed over real HTTP. */
class WatchrWireTest {

    private static final Pattern COOKIE = Pattern.compile("refresh_token=([^;]+);");

    static String[] login(TestServer server) {
        HttpResponse<String> r = WireGoldenRunner.post(server, "/auth/login", "application/x-www-form-urlencoded",
                "username=alice&password=" + WireGoldenRunner.PASSWORD);
        String access = WireGoldenRunner.json(r).get("access_token").asText();
        return new String[] {cookie(r), access};
    }

    static String cookie(HttpResponse<String> r) {
        Matcher m = COOKIE.matcher(r.headers().firstValue("Set-Cookie").orElse(""));
        assertThat(m.find()).as("Set-Cookie in " + r.headers().map()).isTrue();
        return m.group(1);
    }

    @TestFactory
    Stream<DynamicTest> goldenFiles() {
        return WireGoldenRunner.replay("watchr", new WireGoldenRunner.Flows() {
            @Override
            public String[] login(TestServer server, Map<String, String> settings) {
                return WatchrWireTest.login(server);
            }

            @Override
            public void refresh(TestServer server, String refresh) {
                WireGoldenRunner.json(WireGoldenRunner.post(server, "/auth/refresh", null, "", "Cookie", "refresh_token=" + refresh));
            }

            @Override
            public void logout(TestServer server, String refresh) {
                HttpResponse<String> r = WireGoldenRunner.post(server, "/auth/logout", null, "", "Cookie", "refresh_token=" + refresh);
                assertThat(r.statusCode()).isEqualTo(204);
            }

            @Override
            public long refreshTtlSeconds() {
                return WatchrDialect.DEFAULTS.refreshTtl().toSeconds();
            }
        });
    }
}

package dev.rotor.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.server.http.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code GET /metrics} shows before anything has happened. */
class MetricsTest {

    @Test
    void freshServerThenEveryAlertableCounterOfEachServedDialectIsAtZero() {
        try (TestServer server = new TestServer(Map.of("ROTOR_DIALECTS", "oauth2,simplejwt"))) {
            String scrape = server.send(HttpRequest.newBuilder(URI.create(server.url("/metrics"))).GET().build()).body();
            for (String dialect : new String[] {"oauth2", "simplejwt"}) {
                assertThat(scrape).contains("rotor_reuse_detected_total{dialect=\"" + dialect + "\"} 0.0");
                for (String outcome : new String[] {"ok", "error", "invalid", "expired", "revoked", "reused",
                        "user_disabled", "user_deleted"}) {
                    assertThat(scrape).contains("rotor_refresh_total{dialect=\"" + dialect + "\",outcome=\"" + outcome + "\"} 0.0");
                }
            }
            assertThat(scrape).doesNotContain("outcome=\"bad_credentials\"").doesNotContain("outcome=\"throttled\"")
                    .doesNotContain("dialect=\"gorb\"");
            assertThat(scrape).contains("rotor_security_events_total{type=\"reuse_detected\"} 0.0",
                    "rotor_security_events_total{type=\"login_failed\"} 0.0");
        }
    }
}

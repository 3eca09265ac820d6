package dev.rotor.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.server.http.support.TestServer;
import dev.rotor.server.store.sqlite.SqliteStores;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code GET /metrics} shows before anything has happened. */
class MetricsTest {

    @Test
    void freshServerThenEveryAlertableCounterOfEachServedDialectIsAtZero() {
        try (TestServer server = new TestServer(Map.of("ROTOR_DIALECTS", "oauth2,simplejwt"))) {
            String scrape = scrape(server);
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

    @Test
    void scrapeThenTheJvmAndProcessGaugesDashboardsExpectArePresent() {
        try (TestServer server = new TestServer(Map.of())) {
            String scrape = scrape(server);
            assertThat(scrape).containsPattern("(?m)^jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"} [1-9]")
                    .containsPattern("(?m)^jvm_threads_live_threads [1-9]")
                    .containsPattern("(?m)^process_files_open_files [1-9]")
                    .containsPattern("(?m)^process_uptime_seconds \\d")
                    .containsPattern("(?m)^system_cpu_count [1-9]")
                    .contains("# TYPE jvm_gc_memory_allocated_bytes_total counter");
            assertThat(scrape).doesNotContain("disk_free_bytes"); // no embedded store directory here
        }
    }

    @Test
    void scrapeWhenOnTheEmbeddedStoreThenTheFreeSpaceOfItsDiskIsThere(@TempDir Path data) {
        try (TestServer server = new TestServer(Map.of("ROTOR_DATA", data.toString()), SqliteStores.open(data))) {
            assertThat(scrape(server)).containsPattern(
                    "(?m)^disk_free_bytes\\{path=\"" + Pattern.quote(data.toAbsolutePath().toString()) + "\"} [1-9]");
        }
    }

    private static String scrape(TestServer server) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url("/metrics"))).GET().build()).body();
    }
}

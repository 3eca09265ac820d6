package dev.rotor.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.core.session.RotationPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    static final DialectDefaults GORB = new DialectDefaults("after:P23D", Duration.ofHours(1), Duration.ofDays(30));

    @Test
    void defaultsWhenNothingSet() {
        Settings s = Settings.defaults();
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.grace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.dialects()).containsExactlyElementsOf(Settings.DIALECT_NAMES);
    }

    @Test
    void dialectSettingsFallBackToTheDialectsDefaults() {
        DialectSettings gorb = Settings.from(Map.of("ROTOR_GORB_PREFIX", "/chat", "ROTOR_GORB_ACCESS_TTL", "PT30M"))
                .dialect("gorb", GORB);
        assertThat(gorb.prefix()).isEqualTo("/chat");
        assertThat(gorb.accessTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(gorb.refreshTtl()).isEqualTo(Duration.ofDays(30));
        assertThat(gorb.rotation()).isEqualTo(new RotationPolicy.After(Duration.ofDays(23)));
    }

    @Test
    void dialectOffWhenLeftOutOfDialects() {
        Settings s = Settings.from(Map.of("ROTOR_DIALECTS", "oauth2, simplejwt"));
        assertThat(s.dialect("gorb", GORB).enabled()).isFalse();
        assertThat(s.dialect("simplejwt", GORB).enabled()).isTrue();
    }

    @Test
    void unknownNameOrBadValueIsAnErrorNamingTheSetting() {
        assertThatThrownBy(() -> Settings.from(Map.of("ROTOR_GORB_REGISTRATON", "true")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("ROTOR_GORB_REGISTRATON");
        assertThatThrownBy(() -> Settings.from(Map.of("ROTOR_PORT", "eighty")))
                .hasMessageContaining("ROTOR_PORT");
        assertThatThrownBy(() -> Settings.from(Map.of("ROTOR_SIMPLEJWT_ACCESS_TTL", "5m")))
                .hasMessageContaining("ROTOR_SIMPLEJWT_ACCESS_TTL");
        assertThatThrownBy(() -> Settings.from(Map.of("ROTOR_GRACE_PERIOD", "PT61S")))
                .hasMessageContaining("ROTOR_GRACE_PERIOD");
        assertThatThrownBy(() -> Settings.from(Map.of("ROTOR_DIALECTS", "oauth2,keycloak")))
                .hasMessageContaining("keycloak");
        assertThatThrownBy(() -> Settings.from(Map.of("ROTOR_WATCHR_ROTATION", "sometimes")))
                .hasMessageContaining("ROTOR_WATCHR_ROTATION");
        assertThatThrownBy(() -> Settings.from(Map.of("ROTOR_OAUTH2_PREFIX", "api/")))
                .hasMessageContaining("ROTOR_OAUTH2_PREFIX");
        assertThatThrownBy(() -> Settings.from(Map.of("ROTOR_SIMPLEJWT_DETAILED_MESSAGES", "yes"))
                .dialect("simplejwt", GORB).flag("DETAILED_MESSAGES", false))
                .hasMessageContaining("ROTOR_SIMPLEJWT_DETAILED_MESSAGES");
    }

    @Test
    void fileLoseToEnvironmentWhichLosesToFlags(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rotor.conf");
        Files.writeString(file, "# comment\nROTOR_PORT=9000\nROTOR_HOST=0.0.0.0\nROTOR_DATA=/srv/rotor\n");
        Settings s = SettingsLoader.load(file, Map.of("ROTOR_PORT", "9100", "HOME", "/root", "ROTOR_HOST", "10.0.0.1"),
                Map.of("ROTOR_PORT", "9200"));
        assertThat(s.port()).isEqualTo(9200);
        assertThat(s.host()).isEqualTo("10.0.0.1");
        assertThat(s.data()).isEqualTo(Path.of("/srv/rotor"));
    }

    @Test
    void loadWhenLauncherOrTestVariablesInEnvironmentThenIgnored() {
        Settings s = SettingsLoader.load(null, Map.of("ROTOR_JAVA_OPTS", "-Xmx1g", "ROTOR_CDS", "off",
                "ROTOR_TEST_PG_URL", "jdbc:postgresql://db/test", "ROTOR_PORT", "9300"), Map.of());
        assertThat(s.port()).isEqualTo(9300);
        assertThat(s.raw()).doesNotContainKeys("ROTOR_JAVA_OPTS", "ROTOR_CDS", "ROTOR_TEST_PG_URL");
    }

    @Test
    void fileWhenValuesAreQuotedThenOnePairOfMatchingQuotesIsRemoved(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rotor.env");
        Files.writeString(file, "ROTOR_OAUTH2_ISSUER=\"https://id.example\"\nROTOR_HOST='0.0.0.0'\n"
                + "ROTOR_DATA=\"/srv/rotor data\"\nROTOR_GORB_PREFIX=\"/a'\nROTOR_SIMPLEJWT_PREFIX=\"\n");
        assertThat(SettingsLoader.readFile(file)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "ROTOR_OAUTH2_ISSUER", "https://id.example", "ROTOR_HOST", "0.0.0.0", "ROTOR_DATA", "/srv/rotor data",
                "ROTOR_GORB_PREFIX", "\"/a'", "ROTOR_SIMPLEJWT_PREFIX", "\""));
    }

    @Test
    void authorityWhenIpv6LiteralThenInBrackets() {
        assertThat(Settings.authority("::1", 8080)).isEqualTo("[::1]:8080");
        assertThat(Settings.authority("fe80::1%eth0", 443)).isEqualTo("[fe80::1%eth0]:443");
        assertThat(Settings.authority("127.0.0.1", 8080)).isEqualTo("127.0.0.1:8080");
        assertThat(Settings.authority("id.example", 80)).isEqualTo("id.example:80");
    }

    @Test
    void badFileLineIsAnErrorNamingTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rotor.conf");
        Files.writeString(file, "ROTOR_PORT=1\nport: 2\n");
        assertThatThrownBy(() -> SettingsLoader.load(file, Map.of(), Map.of())).hasMessageContaining("line 2");
    }

    @Test
    void toStringNeverShowsTheMasterKey() {
        assertThat(Settings.from(Map.of("ROTOR_MASTER_KEY", "c2VjcmV0")).toString()).doesNotContain("c2VjcmV0");
    }
}

package dev.rotor.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.server.config.Settings;
import dev.rotor.server.config.SettingsException;
import dev.rotor.server.config.SettingsLoader;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production backend's rules that need no database: which master key a store may use. */
class ProductionBackendTest {

    @TempDir
    Path data;

    @Test
    void successorKeyWhenPostgresWithoutMasterKeyThenRefusedWithTheSettingNamed() {
        Settings settings = SettingsLoader.load(null, Map.of("ROTOR_STORE_URL", "postgresql://rotor@db:5432/rotor",
                "ROTOR_DATA", data.toString()), Map.of());
        assertThatThrownBy(() -> new ProductionBackend().successorKey(settings))
                .isInstanceOf(SettingsException.class).hasMessageContaining("ROTOR_MASTER_KEY is required");
        assertThat(data.resolve("master.key")).doesNotExist();
    }

    @Test
    void successorKeyWhenPostgresWithMasterKeyThenSameOnEveryNode() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        Map<String, String> env = Map.of("ROTOR_STORE_URL", "postgresql://rotor@db:5432/rotor", "ROTOR_MASTER_KEY", key);
        byte[] a = new ProductionBackend().successorKey(SettingsLoader.load(null, env, Map.of()));
        byte[] b = new ProductionBackend().successorKey(SettingsLoader.load(null, env, Map.of()));
        assertThat(a).isEqualTo(b);
    }

    @Test
    void successorKeyWhenSqliteWithoutMasterKeyThenKeyFileInDataDirectory() {
        Settings settings = SettingsLoader.load(null, Map.of("ROTOR_DATA", data.toString()), Map.of());
        assertThat(new ProductionBackend().successorKey(settings)).isNotEmpty();
        assertThat(data.resolve("master.key")).exists();
    }
}

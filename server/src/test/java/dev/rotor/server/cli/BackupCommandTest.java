package dev.rotor.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.core.store.Stores;
import dev.rotor.core.store.User;
import dev.rotor.server.store.sqlite.SqliteStores;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rotor backup FILE}: a consistent, owner-only copy of the embedded store, taken while it is in use. */
class BackupCommandTest {

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        return new Main(new ProductionBackend(), env, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    private static User user(String name) {
        return new User(name, name, name + "@example.com", "A", "B", "1", true, "plain:x", Instant.parse("2030-01-01T00:00:00Z"), null);
    }

    @Test
    void backupWhileTheStoreIsInUseThenTheCopyOpensWithEverythingCommitted() throws IOException {
        Path data = dir.resolve("data");
        Path copy = dir.resolve("rotor-backup.db");
        try (Stores running = SqliteStores.open(data)) {
            running.users().add(user("alice")); // committed, and still in the write-ahead log: the server is running
            assertThat(run(Map.of(), "backup", "--data", data.toString(), copy.toString())).as(err.toString()).isZero();
            running.users().add(user("bob")); // after the copy
        }
        assertThat(out.toString()).startsWith("wrote " + copy + " (")
                .contains("keep a copy of " + data.resolve("master.key") + " as well");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy))).isEqualTo("rw-------");

        Path restored = dir.resolve("restored");
        Files.createDirectories(restored);
        Files.copy(copy, restored.resolve(SqliteStores.FILE_NAME));
        try (Stores stores = SqliteStores.open(restored)) {
            assertThat(stores.users().findByLogin("alice")).isPresent();
            assertThat(stores.users().findByLogin("bob")).isEmpty();
        }
    }

    @Test
    void backupWhenTheFileExistsThenUsageErrorAndTheFileIsLeftAsItWas() throws IOException {
        Path data = dir.resolve("data");
        SqliteStores.open(data).close();
        Path existing = Files.writeString(dir.resolve("existing.db"), "keep me");
        assertThat(run(Map.of(), "backup", "--data", data.toString(), existing.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("rotor: " + existing + " exists: a backup never replaces a file" + System.lineSeparator());
        assertThat(Files.readString(existing)).isEqualTo("keep me");
    }

    @Test
    void backupWhenThereIsNoStoreThenOneLineErrorAndNoFile() {
        Path copy = dir.resolve("copy.db");
        assertThat(run(Map.of(), "backup", "--data", dir.resolve("none").toString(), copy.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("rotor: no SQLite store at ");
        assertThat(copy).doesNotExist();
        assertThat(dir.resolve("none")).as("a backup creates no data directory").doesNotExist();
    }

    @Test
    void backupOfAPostgresStoreThenUsageErrorNamingPgDump() {
        assertThat(run(Map.of(), "backup", "--store", "postgresql://u@127.0.0.1:1/db", dir.resolve("x").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("pg_dump");
    }

    @Test
    void backupWithAMasterKeyFromTheEnvironmentThenNoKeyFileToKeep() {
        Path data = dir.resolve("data");
        SqliteStores.open(data).close();
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(run(Map.of("ROTOR_MASTER_KEY", key), "backup", "--data", data.toString(), dir.resolve("c.db").toString()))
                .isZero();
        assertThat(out.toString()).doesNotContain("master.key");
    }
}

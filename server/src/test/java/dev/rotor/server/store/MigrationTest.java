package dev.rotor.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@code rotor migrate} prints, and when a start may skip Flyway. */
class MigrationTest {

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.*\\.sql");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void latestVersionIsTheNewestMigrationShipped(String database) throws Exception {
        Path migrations = Path.of(getClass().getClassLoader().getResource("db/migration/" + database).toURI());
        int newest;
        try (Stream<Path> files = Files.list(migrations)) {
            newest = files.map(f -> VERSIONED.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElseThrow();
        }
        assertThat(Migration.LATEST_VERSION).isEqualTo(String.valueOf(newest));
    }

    @Test
    void alreadyLatestWhenHistoryEndsAtLatestThenNothingToDo() throws Exception {
        try (Connection c = history("INSERT INTO flyway_schema_history VALUES (1, '" + Migration.LATEST_VERSION
                + "', 1)")) {
            assertThat(Migration.alreadyLatest(c, "SQLite x")).contains(
                    new Migration("SQLite x", Migration.LATEST_VERSION, Migration.LATEST_VERSION, 0));
        }
    }

    @Test
    void alreadyLatestWhenLastMigrationFailedOrOlderOrNoHistoryThenFlywayMustRun() throws Exception {
        try (Connection c = history("INSERT INTO flyway_schema_history VALUES (1, '" + Migration.LATEST_VERSION
                + "', 0)")) {
            assertThat(Migration.alreadyLatest(c, "SQLite x")).isEmpty();
        }
        try (Connection c = history("INSERT INTO flyway_schema_history VALUES (1, '0', 1)")) {
            assertThat(Migration.alreadyLatest(c, "SQLite x")).isEmpty();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("empty.db"))) {
            assertThat(Migration.alreadyLatest(c, "SQLite x")).isEmpty();
        }
    }

    /** A database whose Flyway history table holds what {@code insert} puts there (only the columns read). */
    private Connection history(String insert) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(System.nanoTime() + ".db"));
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE flyway_schema_history (installed_rank INTEGER, version TEXT, success INTEGER)");
            st.execute(insert);
        }
        return c;
    }

    @Test
    void describeWhenMigrationsRanThenCountAndVersions() {
        assertThat(new Migration("PostgreSQL jdbc:postgresql://db:5432/rotor", "empty", "1", 1).describe())
                .isEqualTo("PostgreSQL jdbc:postgresql://db:5432/rotor: applied 1 migration, schema empty -> 1");
        assertThat(new Migration("SQLite /d/rotor.db", "1", "3", 2).describe())
                .isEqualTo("SQLite /d/rotor.db: applied 2 migrations, schema 1 -> 3");
    }

    @Test
    void describeWhenNothingRanThenSaysSo() {
        assertThat(new Migration("SQLite /d/rotor.db", "1", "1", 0).describe())
                .isEqualTo("SQLite /d/rotor.db: schema already at version 1, nothing to do");
    }
}

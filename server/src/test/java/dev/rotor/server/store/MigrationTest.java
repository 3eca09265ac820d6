package dev.rotor.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@code rotor migrate} prints. */
class MigrationTest {

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

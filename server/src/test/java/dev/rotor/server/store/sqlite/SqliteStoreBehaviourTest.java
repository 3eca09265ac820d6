package dev.rotor.server.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.core.store.Client;
import dev.rotor.core.store.StoreUnavailableException;
import dev.rotor.core.store.Stores;
import dev.rotor.server.store.Fixtures;
import dev.rotor.server.store.StoreBehaviourTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared SQL store behaviour on the embedded SQLite store, plus what only SQLite has. */
class SqliteStoreBehaviourTest extends StoreBehaviourTest {

    @TempDir
    Path dataDir;

    @Override
    protected Stores open() {
        return SqliteStores.open(dataDir);
    }

    @Override
    protected Stores reopen() {
        return SqliteStores.open(dataDir);
    }

    @Test
    void openThenDatabaseFileIsInWalModeWithForeignKeys() throws Exception {
        assertThat(dataDir.resolve("rotor.db")).exists();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("rotor.db"));
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void findClientWhenAddedByAnotherProcessAfterAMissThenFound() {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(stores.clients().find("late")).isEmpty();

        try (Stores cli = SqliteStores.open(dataDir)) { // what `rotor client add` does beside a running server
            cli.clients().add(new Client("late", null, created));
        }

        assertThat(stores.clients().find("late")).contains(new Client("late", null, created));
        assertThat(stores.clients().find("late")).contains(new Client("late", null, created));
    }

    @Test
    void writeWhenClosedThenStoreUnavailable() {
        stores.close();

        assertThatThrownBy(() -> stores.users().add(Fixtures.user("late")))
                .isInstanceOf(StoreUnavailableException.class);
        stores = open(); // for the @AfterEach close
    }
}

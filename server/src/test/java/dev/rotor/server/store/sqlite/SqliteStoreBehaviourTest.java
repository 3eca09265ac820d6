package dev.rotor.server.store.sqlite;

import static dev.rotor.server.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rotor.core.session.RefreshRecord;
import dev.rotor.core.session.Session;
import dev.rotor.core.store.Client;
import dev.rotor.core.store.StoreUnavailableException;
import dev.rotor.core.store.Stores;
import dev.rotor.core.store.WriteResult;
import dev.rotor.server.store.Fixtures;
import dev.rotor.server.store.StoreBehaviourTest;
import dev.rotor.server.store.jdbc.JdbcClientStore;
import dev.rotor.server.store.jdbc.JdbcStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;
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
    void openWhenTheDataDirectoryIsNewThenOnlyItsOwnerCanEnterIt() throws Exception {
        assumeTrue(dataDir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path fresh = dataDir.resolve("new/data");
        SqliteStores.open(fresh).close();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
        assertThat(fresh.resolve("rotor.db")).exists();

        // One its operator made is left as it is.
        Path own = Files.createDirectory(dataDir.resolve("own"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        SqliteStores.open(own).close();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(own))).isEqualTo("rwxr-x---");
    }

    @Test
    void openWhenTheDataDirectoryIsAFileThenStoreUnavailableNamingIt() throws Exception {
        Path file = Files.writeString(dataDir.resolve("a-file"), "");
        assertThatThrownBy(() -> SqliteStores.open(file)).isInstanceOf(StoreUnavailableException.class)
                .hasMessage("cannot create data directory " + file);
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
    void findClientWhenChangedOrRemovedByAnotherProcessThenSeenOnceItsReadIsASecondOld() {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        long[] nanos = {0};
        stores.clients().add(new Client("web", "old", created));
        SqliteDatabase serverDb = SqliteDatabase.open(dataDir);
        try {
            JdbcClientStore server = new JdbcClientStore(serverDb, () -> nanos[0]);
            assertThat(server.find("web")).contains(new Client("web", "old", created));

            try (Stores cli = SqliteStores.open(dataDir)) { // `rotor client secret` beside a running server
                assertThat(cli.clients().changeSecret("web", "new")).isTrue();
            }
            nanos[0] += Duration.ofMillis(999).toNanos();
            assertThat(server.find("web")).contains(new Client("web", "old", created)); // the read still kept
            nanos[0] += Duration.ofMillis(1).toNanos();
            assertThat(server.find("web")).contains(new Client("web", "new", created));

            try (Stores cli = SqliteStores.open(dataDir)) { // `rotor client remove`
                assertThat(cli.clients().remove("web", created)).isTrue();
            }
            nanos[0] += Duration.ofSeconds(1).toNanos();
            assertThat(server.find("web")).isEmpty();
        } finally {
            serverDb.close();
        }
    }

    @Test
    void openWhenSchemaVersion1WithSessionsThenUpgradedKeepingTokensAndPurgeOrder() throws Exception {
        stores.close();
        Path old = dataDir.resolve("v1");
        Files.createDirectories(old);
        String url = "jdbc:sqlite:" + old.resolve("rotor.db");
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl(url);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/sqlite").target("1").load().migrate();
        long t0 = Fixtures.T0.toEpochMilli();
        long day = Duration.ofDays(1).toMillis();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("INSERT INTO session (id, user_id, dialect, created_at, last_used_at, idle_expires_at, revoked_at) "
                    + "VALUES ('s1', 'u1', 'oauth2', " + t0 + ", " + t0 + ", " + (t0 + 30 * day) + ", " + (t0 + day) + ")");
            st.execute("INSERT INTO refresh_token (hash, session_id, issued_at, expires_at, successor_hash, rotated_at) "
                    + "VALUES ('h1', 's1', " + t0 + ", " + (t0 + 10 * day) + ", 'h2', " + t0 + "), "
                    + "('h2', 's1', " + t0 + ", " + (t0 + 20 * day) + ", NULL, NULL)");
        }

        stores = SqliteStores.open(old);

        assertThat(((JdbcStores) stores).migration().describe()).endsWith("applied 2 migrations, schema 1 -> 3");
        assertThat(stores.tokens().findRefresh("h1").orElseThrow().successorHash()).isEqualTo("h2");
        stores.tokens().purgeExpired(Instant.ofEpochMilli(t0 + 10 * day));
        assertThat(stores.tokens().findSession("s1")).as("h2 is still recorded").isPresent();
        stores.tokens().purgeExpired(Instant.ofEpochMilli(t0 + 20 * day));
        assertThat(stores.tokens().findSession("s1")).isEmpty();
    }

    @Test
    void asOneUnitThenNoOtherWriteCommitsBetweenItsLookUpAndItsRotation() throws Exception {
        Session s = Fixtures.session("u1", T0);
        RefreshRecord first = Fixtures.refresh(s, T0);
        stores.tokens().createSession(s, first, null);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            List<Future<WriteResult>> racing = new ArrayList<>();
            WriteResult ours = stores.tokens().asOneUnit(() -> {
                assertThat(stores.tokens().findRefresh(first.tokenHash()).orElseThrow().isCurrent()).isTrue();
                racing.add(other.submit(
                        () -> stores.tokens().applyRefresh(Fixtures.rotate(s, first, T0.plusSeconds(2), false))));
                // Submitted while the unit runs, the racing rotation queues behind it: it cannot commit before it.
                assertThatThrownBy(() -> racing.get(0).get(200, TimeUnit.MILLISECONDS))
                        .isInstanceOf(TimeoutException.class);
                assertThat(stores.tokens().findRefresh(first.tokenHash()).orElseThrow().isCurrent()).isTrue();
                return stores.tokens().applyRefresh(Fixtures.rotate(s, first, T0.plusSeconds(1), false));
            });

            assertThat(ours).isEqualTo(WriteResult.APPLIED);
            assertThat(racing.get(0).get(10, TimeUnit.SECONDS)).isEqualTo(WriteResult.ALREADY_ROTATED);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void writeWhenClosedThenStoreUnavailable() {
        stores.close();

        assertThatThrownBy(() -> stores.users().add(Fixtures.user("late")))
                .isInstanceOf(StoreUnavailableException.class);
        stores = open(); // for the @AfterEach close
    }
}

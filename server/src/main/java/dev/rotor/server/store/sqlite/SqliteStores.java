package dev.rotor.server.store.sqlite;

import dev.rotor.server.store.jdbc.JdbcStores;
import java.nio.file.Path;

/** The embedded default store: {@code <dataDir>/rotor.db}, WAL, fsync on commit, one group-committing writer. */
public final class SqliteStores {

    /** File name of the database inside the data directory. */
    public static final String FILE_NAME = "rotor.db";

    private SqliteStores() {
    }

    /** Opens (creating and migrating if needed) the database in {@code dataDir}. */
    public static JdbcStores open(Path dataDir) {
        return new JdbcStores(SqliteDatabase.open(dataDir));
    }
}

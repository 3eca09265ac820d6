package dev.rotor.server.store.sqlite;

import dev.rotor.core.store.ClientStore;
import dev.rotor.core.store.KeyStore;
import dev.rotor.core.store.Stores;
import dev.rotor.core.store.TokenStore;
import dev.rotor.core.store.UserStore;
import dev.rotor.server.store.Migration;
import dev.rotor.server.store.jdbc.JdbcClientStore;
import dev.rotor.server.store.jdbc.JdbcKeyStore;
import dev.rotor.server.store.jdbc.JdbcTokenStore;
import dev.rotor.server.store.jdbc.JdbcUserStore;
import java.nio.file.Path;

/** The embedded default store: {@code <dataDir>/rotor.db}, WAL, fsync on commit, one group-committing writer. */
public final class SqliteStores implements Stores {

    /** File name of the database inside the data directory. */
    public static final String FILE_NAME = "rotor.db";

    private final SqliteDatabase db;
    private final TokenStore tokens;
    private final UserStore users;
    private final ClientStore clients;
    private final KeyStore keys;

    private SqliteStores(SqliteDatabase db) {
        this.db = db;
        this.tokens = new JdbcTokenStore(db);
        this.users = new JdbcUserStore(db);
        this.clients = new JdbcClientStore(db);
        this.keys = new JdbcKeyStore(db);
    }

    /** Opens (creating and migrating if needed) the database in {@code dataDir}. */
    public static SqliteStores open(Path dataDir) {
        return new SqliteStores(SqliteDatabase.open(dataDir));
    }

    @Override
    public TokenStore tokens() {
        return tokens;
    }

    @Override
    public UserStore users() {
        return users;
    }

    @Override
    public ClientStore clients() {
        return clients;
    }

    @Override
    public KeyStore keys() {
        return keys;
    }

    /** What opening this store did to the schema (see {@code rotor migrate}). */
    public Migration migration() {
        return db.migration();
    }

    @Override
    public boolean healthy() {
        return db.healthy();
    }

    @Override
    public void close() {
        db.close();
    }
}

package dev.rotor.server.store.postgres;

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

/** The store for several nodes: PostgreSQL, where rotation and reuse detection stay exactly-once across processes. */
public final class PostgresStores implements Stores {

    /** Connections per process unless told otherwise. */
    public static final int DEFAULT_POOL_SIZE = 10;

    private final PostgresDatabase db;
    private final TokenStore tokens;
    private final UserStore users;
    private final ClientStore clients;
    private final KeyStore keys;

    private PostgresStores(PostgresDatabase db) {
        this.db = db;
        this.tokens = new JdbcTokenStore(db);
        this.users = new JdbcUserStore(db);
        this.clients = new JdbcClientStore(db);
        this.keys = new JdbcKeyStore(db);
    }

    /** Connects to {@code url} ({@code postgresql://…} or {@code jdbc:postgresql://…}) and migrates the schema. */
    public static PostgresStores open(String url) {
        return open(url, DEFAULT_POOL_SIZE);
    }

    public static PostgresStores open(String url, int poolSize) {
        return new PostgresStores(PostgresDatabase.open(url, poolSize));
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

    @Override
    public boolean healthy() {
        return db.healthy();
    }

    /** What opening this store did to the schema (see {@code rotor migrate}). */
    public Migration migration() {
        return db.migration();
    }

    @Override
    public void close() {
        db.close();
    }
}

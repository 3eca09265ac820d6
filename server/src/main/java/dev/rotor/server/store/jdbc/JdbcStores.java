package dev.rotor.server.store.jdbc;

import dev.rotor.core.store.ClientStore;
import dev.rotor.core.store.KeyStore;
import dev.rotor.core.store.Stores;
import dev.rotor.core.store.TokenStore;
import dev.rotor.core.store.UserStore;
import dev.rotor.server.store.Migration;

/** The four stores over one SQL database; SQLite and PostgreSQL differ only in the {@link Database} they give. */
public final class JdbcStores implements Stores {

    private final Database db;
    private final TokenStore tokens;
    private final UserStore users;
    private final ClientStore clients;
    private final KeyStore keys;

    public JdbcStores(Database db) {
        this.db = db;
        this.tokens = new JdbcTokenStore(db);
        this.users = new JdbcUserStore(db);
        this.clients = new JdbcClientStore(db);
        this.keys = new JdbcKeyStore(db);
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

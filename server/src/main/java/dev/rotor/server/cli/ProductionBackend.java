package dev.rotor.server.cli;

import dev.rotor.core.login.PasswordHasher;
import dev.rotor.core.store.Stores;
import dev.rotor.server.config.Settings;
import dev.rotor.server.config.SettingsException;
import dev.rotor.server.crypto.KeyRings;
import dev.rotor.server.crypto.MasterKey;
import dev.rotor.server.crypto.Passwords;
import dev.rotor.server.http.dialect.Dialects;
import dev.rotor.server.store.jdbc.JdbcStores;
import dev.rotor.server.store.postgres.PostgresStores;
import dev.rotor.server.store.sqlite.SqliteStores;
import java.time.Clock;

/** The real backend: SQLite in the data directory or PostgreSQL by URL, key rings encrypted with the master key. */
final class ProductionBackend implements Backend {

    @Override
    public Stores open(Settings settings) {
        if (settings.storeUrl() != null) {
            return PostgresStores.open(settings.storeUrl());
        }
        return SqliteStores.open(settings.data());
    }

    @Override
    public Keys keys(Settings settings, Stores stores) {
        MasterKey master = masterKey(settings);
        KeyRings rings = KeyRings.open(stores.keys(), master.keyEncryption(), Clock.systemUTC(),
                Dialects.keyRings(settings));
        return new KeyRingKeys(rings);
    }

    @Override
    public PasswordHasher passwords() {
        return new Passwords();
    }

    @Override
    public byte[] successorKey(Settings settings) {
        return masterKey(settings).successorKey();
    }

    @Override
    public String migration(Stores stores) {
        return stores instanceof JdbcStores jdbc ? jdbc.migration().describe() : "store is migrated";
    }

    /**
     * On PostgreSQL every node must decrypt the same signing keys and derive the same grace-period successors, so
     * the key must come from ROTOR_MASTER_KEY: a key file generated per node would make the nodes disagree.
     */
    private static MasterKey masterKey(Settings settings) {
        if (settings.storeUrl() != null && (settings.masterKey() == null || settings.masterKey().isBlank())) {
            throw new SettingsException("ROTOR_MASTER_KEY is required with a PostgreSQL store: give every node the "
                    + "same key (base64 of 32 random bytes, e.g. `openssl rand -base64 32`)");
        }
        return MasterKey.resolve(settings.masterKey(), settings.data());
    }
}

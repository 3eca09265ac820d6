package dev.rotor.server.cli;

import dev.rotor.core.login.PasswordHasher;
import dev.rotor.core.store.Stores;
import dev.rotor.server.config.Settings;
import dev.rotor.server.http.KeySource;
import java.util.List;

/**
 * What the commands open: the store named by the settings (migrated on open), its key rings, password hashing. The
 * production backend wires the SQLite/PostgreSQL stores and crypto key rings; tests pass an in-memory one.
 */
public interface Backend {

    /** Opens (and migrates) the store of {@code settings}: SQLite in the data directory, or {@code ROTOR_STORE_URL}. */
    Stores open(Settings settings);

    /** The key rings over {@code stores}, read from the store (so a second process sees rotations). */
    Keys keys(Settings settings, Stores stores);

    PasswordHasher passwords();

    /** One line saying what opening {@code stores} did to the schema, for {@code rotor migrate}. */
    default String migration(Stores stores) {
        return "store is migrated";
    }

    /** 32+ bytes every node shares (derived from the master key) for grace-period successors. */
    byte[] successorKey(Settings settings);

    /** Key rings as the server and the {@code keys} commands use them. */
    interface Keys extends KeySource {

        /** One line per key: kid, purpose, algorithm, created, retired. */
        List<String> list();

        /**
         * Adds a new signing key for {@code purpose}; returns its kid. With {@code revokePrevious} (after a leak) the
         * purpose's earlier keys stop verifying at once instead of when their tokens expire.
         */
        String rotate(String purpose, boolean revokePrevious);
    }
}

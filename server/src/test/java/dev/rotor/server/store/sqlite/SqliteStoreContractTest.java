package dev.rotor.server.store.sqlite;

import dev.rotor.core.StoreContract;
import dev.rotor.core.store.Stores;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The core store contract on the embedded SQLite store. */
class SqliteStoreContractTest extends StoreContract {

    @TempDir
    Path dataDir;

    @Override
    protected Stores openStores() {
        return SqliteStores.open(dataDir);
    }
}

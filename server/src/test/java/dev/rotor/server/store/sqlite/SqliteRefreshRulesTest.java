package dev.rotor.server.store.sqlite;

import dev.rotor.core.RefreshRulesContract;
import dev.rotor.core.store.Stores;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The refresh rules of CORE.md, run through the engine on the embedded SQLite store. */
class SqliteRefreshRulesTest extends RefreshRulesContract {

    @TempDir
    Path dataDir;

    @Override
    protected Stores openStores() {
        return SqliteStores.open(dataDir);
    }
}

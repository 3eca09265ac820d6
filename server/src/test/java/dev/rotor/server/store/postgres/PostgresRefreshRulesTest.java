package dev.rotor.server.store.postgres;

import dev.rotor.core.RefreshRulesContract;
import dev.rotor.core.store.Stores;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The refresh rules of CORE.md, run through the engine on PostgreSQL, in a schema of its own. */
@ExtendWith(PgAvailable.class)
class PostgresRefreshRulesTest extends RefreshRulesContract {

    @RegisterExtension
    static final PgTestSchema SCHEMA = PgTestSchema.perClass();

    @Override
    protected Stores openStores() {
        return SCHEMA.openEmpty(4);
    }
}

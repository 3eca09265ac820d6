package dev.rotor.server.store.postgres;

import dev.rotor.core.StoreContract;
import dev.rotor.core.store.Stores;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The core store contract on PostgreSQL, in a schema of its own. */
@ExtendWith(PgAvailable.class)
class PostgresStoreContractTest extends StoreContract {

    @RegisterExtension
    static final PgTestSchema SCHEMA = PgTestSchema.perClass();

    @Override
    protected Stores openStores() {
        return SCHEMA.openEmpty(4);
    }
}

package dev.rotor.server.store.postgres;

import dev.rotor.core.RefreshRulesContract;
import dev.rotor.core.store.Stores;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The refresh rules of CORE.md, run through the engine on PostgreSQL, in a schema of its own. */
@ExtendWith(PgAvailable.class)
class PostgresRefreshRulesTest extends RefreshRulesContract {

    private static PgTestSchema schema;

    @BeforeAll
    static void createSchema() {
        schema = PgTestSchema.create();
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (schema != null) {
            schema.close();
        }
    }

    @Override
    protected Stores openStores() {
        Stores opened = PostgresStores.open(schema.url(), 4);
        try {
            schema.truncate();
        } catch (SQLException e) {
            opened.close();
            throw new IllegalStateException(e);
        }
        return opened;
    }
}

package dev.rotor.server.store.postgres;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rotor.core.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A stopped database fails fast with StoreUnavailableException rather than hanging the caller. */
class PostgresUnavailableTest {

    @Test
    @Timeout(20)
    void openWhenNoServerAnswersThenStoreUnavailableQuickly() {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        assertThatThrownBy(() -> PostgresStores.open("postgresql://nobody@127.0.0.1:1/none"))
                .isInstanceOf(StoreUnavailableException.class);
    }
}

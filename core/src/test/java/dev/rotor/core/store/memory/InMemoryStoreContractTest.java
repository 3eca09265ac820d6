package dev.rotor.core.store.memory;

import dev.rotor.core.StoreContract;
import dev.rotor.core.store.Stores;

class InMemoryStoreContractTest extends StoreContract {

    @Override
    protected Stores openStores() {
        return new InMemoryStores();
    }
}

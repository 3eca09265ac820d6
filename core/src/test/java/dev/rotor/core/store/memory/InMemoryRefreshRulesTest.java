package dev.rotor.core.store.memory;

import dev.rotor.core.RefreshRulesContract;
import dev.rotor.core.store.Stores;

class InMemoryRefreshRulesTest extends RefreshRulesContract {

    @Override
    protected Stores openStores() {
        return new InMemoryStores();
    }
}

package dev.rotor.server.cli;

import dev.rotor.core.login.PasswordHasher;
import dev.rotor.core.store.Stores;
import dev.rotor.server.config.Settings;

/**
 * The production backend until the store ({@code store.sqlite}, {@code store.postgres}) and crypto ({@code KeyRings},
 * {@code Passwords}, {@code MasterKey}) packages are merged into this branch; every command then says so in one line.
 */
final class PendingBackend implements Backend {

    private static IllegalStateException pending() {
        return new IllegalStateException("this build has no store/key-ring implementation wired yet");
    }

    @Override
    public Stores open(Settings settings) {
        throw pending();
    }

    @Override
    public Keys keys(Settings settings, Stores stores) {
        throw pending();
    }

    @Override
    public PasswordHasher passwords() {
        throw pending();
    }

    @Override
    public byte[] successorKey(Settings settings) {
        throw pending();
    }
}

package dev.rotor.server.store.jdbc;

import dev.rotor.core.store.RefreshWrite;
import dev.rotor.core.store.WriteResult;

/**
 * A database's own way to apply the common refresh: a rotation that issues no opaque access token. It keeps every
 * rule of {@link dev.rotor.core.store.TokenStore#applyRefresh} and answers once the write is durable.
 */
@FunctionalInterface
public interface RotationWriter {

    WriteResult rotate(RefreshWrite write);
}

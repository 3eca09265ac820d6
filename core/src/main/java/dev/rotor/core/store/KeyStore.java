package dev.rotor.core.store;

import java.time.Instant;
import java.util.List;

/** Encrypted signing keys, shared by every node that uses the same store. */
public interface KeyStore {

    /** All keys of every purpose, oldest first. */
    List<StoredKey> all();

    /**
     * Makes {@code key} the signing key of its purpose: in one transaction, retires the purpose's current signing
     * key (setting its retiredAt and verifyUntil) and inserts the new one.
     */
    void rotateTo(StoredKey key, Instant retiredAt, Instant previousVerifyUntil);

    /**
     * {@link #rotateTo} after a leak: in one transaction, every key of the purpose that still verifies after
     * {@code lastVerifies} (the signing one and those retired but verifying) is retired, if it was not, and verifies
     * no longer than that; then {@code key} is inserted. Keys of other purposes are untouched.
     */
    void revokeAndRotateTo(StoredKey key, Instant lastVerifies);

    /** Deletes retired keys whose verifyUntil has passed; returns how many. */
    int purgeRetired(Instant now);
}

package dev.rotor.server.crypto;

import java.time.Instant;

/**
 * What the CLI's {@code keys list} shows about one key: never key material.
 *
 * @param signs  whether this key signs its purpose's new tokens (the newest one not retired); the others only verify
 * @param stored false for a key given by setting (an HS256 {@code ROTOR_<D>_SIGNING_KEY}), which has no dates
 */
public record KeyInfo(
        String kid, String purpose, String algorithm, Instant createdAt, Instant retiredAt, Instant verifyUntil,
        boolean signs, boolean stored) {

    /** One tab-separated line, as {@code user list} prints users: kid, purpose, algorithm, created, state. */
    public String line() {
        String state = signs ? "signs"
                : retiredAt == null ? "verifies"
                : verifyUntil == null ? "retired" : "retired, verifies until " + verifyUntil;
        return String.join("\t", kid, purpose, algorithm, stored ? String.valueOf(createdAt) : "from settings", state);
    }
}

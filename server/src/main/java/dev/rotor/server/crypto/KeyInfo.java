package dev.rotor.server.crypto;

import java.time.Instant;

/**
 * What the CLI's {@code keys list} shows about one key: never key material.
 *
 * @param stored false for a key given by setting (an HS256 {@code ROTOR_<D>_SIGNING_KEY}), which has no dates
 */
public record KeyInfo(
        String kid, String purpose, String algorithm, Instant createdAt, Instant retiredAt, Instant verifyUntil,
        boolean stored) {}

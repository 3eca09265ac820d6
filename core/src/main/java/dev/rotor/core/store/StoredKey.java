package dev.rotor.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A signing key as the store keeps it: private material encrypted with the master key, so that every node of a
 * deployment shares one key set (CORE.md "Keys").
 *
 * @param purpose        which key ring it belongs to, e.g. {@code oauth2} or a dialect name
 * @param algorithm      JWS algorithm, e.g. EdDSA, ES256, RS256, HS256
 * @param encryptedKey   the key material, encrypted; the store never sees it in clear
 * @param retiredAt      when a newer key replaced it for signing; null while it is the signing key
 * @param verifyUntil    after this instant no token it signed can still be valid; null while it signs
 */
public record StoredKey(
        String kid,
        String purpose,
        String algorithm,
        byte[] encryptedKey,
        Instant createdAt,
        Instant retiredAt,
        Instant verifyUntil) {

    public StoredKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(encryptedKey, "encryptedKey");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean signing() {
        return retiredAt == null;
    }

    @Override
    public String toString() {
        return "StoredKey[kid=" + kid + ", purpose=" + purpose + ", alg=" + algorithm + ", retiredAt=" + retiredAt + "]";
    }
}

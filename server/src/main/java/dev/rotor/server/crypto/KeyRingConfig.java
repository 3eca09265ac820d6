package dev.rotor.server.crypto;

import com.nimbusds.jose.JWSAlgorithm;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How one key ring signs: its purpose (e.g. {@code oauth2}, {@code simplejwt}), algorithm, whether headers carry
 * {@code kid}, an optional configured HMAC secret ({@code ROTOR_<D>_SIGNING_KEY}), and the longest lifetime of a
 * token it signs (a retired key keeps verifying that long).
 *
 * @param sharedSecret null for generated, stored keys; else the raw secret whose UTF-8 bytes are the HS256 key
 */
public record KeyRingConfig(
        String purpose, JWSAlgorithm algorithm, boolean sendKid, String sharedSecret, Duration longestTokenLifetime) {

    /** Algorithms a ring may use: RFC 8037 EdDSA (Ed25519), RFC 7518 section 3.1 ES256, RS256, HS256. */
    public static final Set<JWSAlgorithm> SUPPORTED =
            Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.HS256);

    public KeyRingConfig {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(longestTokenLifetime, "longestTokenLifetime");
        if (purpose.isBlank()) {
            throw new IllegalArgumentException("a key ring needs a purpose");
        }
        if (!SUPPORTED.contains(algorithm)) {
            throw new IllegalArgumentException("key ring " + purpose + ": unsupported algorithm " + algorithm
                    + " (use EdDSA, ES256, RS256 or HS256)");
        }
        if (sharedSecret != null && (!JWSAlgorithm.HS256.equals(algorithm) || sharedSecret.isEmpty())) {
            throw new IllegalArgumentException("key ring " + purpose + ": a configured signing key must be a"
                    + " non-empty HS256 secret");
        }
        if (longestTokenLifetime.isNegative()) {
            throw new IllegalArgumentException("key ring " + purpose + ": negative token lifetime");
        }
    }

    /** A ring whose keys are generated and stored (encrypted) in the shared key store. */
    public static KeyRingConfig generated(
            String purpose, JWSAlgorithm algorithm, boolean sendKid, Duration longestTokenLifetime) {
        return new KeyRingConfig(purpose, algorithm, sendKid, null, longestTokenLifetime);
    }

    /** An HS256 ring with a configured secret (Django's SIGNING_KEY style: the UTF-8 bytes are the key). */
    public static KeyRingConfig sharedSecret(
            String purpose, String secret, boolean sendKid, Duration longestTokenLifetime) {
        return new KeyRingConfig(purpose, JWSAlgorithm.HS256, sendKid, secret, longestTokenLifetime);
    }

    public boolean stored() {
        return sharedSecret == null;
    }

    @Override
    public String toString() {
        return "KeyRingConfig[purpose=" + purpose + ", alg=" + algorithm + ", sendKid=" + sendKid
                + ", sharedSecret=" + (sharedSecret == null ? "no" : "yes") + ", longest=" + longestTokenLifetime + "]";
    }
}

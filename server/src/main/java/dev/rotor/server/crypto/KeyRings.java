package dev.rotor.server.crypto;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import dev.rotor.core.store.KeyStore;
import dev.rotor.core.store.StoredKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Every key ring of the deployment: loads stored keys at start (creating a key for a purpose that has none),
 * rotates, re-reads the store for keys other nodes made, and publishes the JWKS (RFC 7517 section 5).
 */
public final class KeyRings {

    private final KeyStore store;
    private final KeyEncryption encryption;
    private final Clock clock;
    private static final Duration UNKNOWN_KID_RELOAD_GAP = Duration.ofSeconds(1);
    private final Map<String, KeyRing> rings = new LinkedHashMap<>();
    /** Decrypted keys by kid, so a reload does not decrypt again or rebuild signers. Guarded by this. */
    private final Map<String, RingKey> decrypted = new HashMap<>();
    private final SecureRandom random = new SecureRandom();
    private Instant lastReload = Instant.MIN;

    private KeyRings(KeyStore store, KeyEncryption encryption, Clock clock) {
        this.store = store;
        this.encryption = encryption;
        this.clock = clock;
    }

    /**
     * Loads the keys of every configured ring, creating a signing key for a stored ring that has none (or whose
     * key uses another algorithm than configured, e.g. after changing ROTOR_OAUTH2_ALG).
     *
     * @throws KeyEncryption.KeyDecryptionException when stored keys were encrypted under another master key
     */
    /**
     * How long other nodes may go on signing with a key after it was retired here, until their next reload (every
     * {@code Rotor.KEY_MAINTENANCE_EVERY}, 30 s): the retired key verifies this much longer than the longest token
     * lifetime, so that tokens they signed meanwhile stay verifiable until they expire.
     */
    public static final Duration OTHER_NODES_LAG = Duration.ofMinutes(1);

    public static KeyRings open(KeyStore store, KeyEncryption encryption, Clock clock, List<KeyRingConfig> configs) {
        KeyRings k = new KeyRings(Objects.requireNonNull(store), Objects.requireNonNull(encryption), clock);
        for (KeyRingConfig c : configs) {
            if (k.rings.containsKey(c.purpose())) {
                throw new IllegalArgumentException("two key rings for purpose " + c.purpose());
            }
            KeyRing ring = new KeyRing(c, clock, new KeyRing.Keys(null, Map.of(), List.of()));
            ring.onUnknownKid(k::reloadForUnknownKid);
            k.rings.put(c.purpose(), ring);
        }
        k.reload();
        for (KeyRing ring : k.rings.values()) {
            RingKey signing = ring.keys().signing();
            if (ring.config().stored() && (signing == null || !signing.alg.equals(ring.config().algorithm()))) {
                k.rotate(ring.purpose());
            }
        }
        return k;
    }

    /** The ring of {@code purpose}. */
    public KeyRing ring(String purpose) {
        KeyRing ring = rings.get(purpose);
        if (ring == null) {
            throw new IllegalArgumentException("no key ring for purpose " + purpose);
        }
        return ring;
    }

    /**
     * Makes a new signing key for {@code purpose}; the old one stops signing and keeps verifying for the ring's
     * longest token lifetime. Returns the new kid.
     */
    public synchronized String rotate(String purpose) {
        KeyRingConfig c = storedRing(purpose).config();
        Instant now = clock.instant();
        StoredKey key = newKey(c, now);
        store.rotateTo(key, now, now.plus(c.longestTokenLifetime()).plus(OTHER_NODES_LAG));
        reload();
        return key.kid();
    }

    /**
     * Makes a new signing key for {@code purpose} after a leak: every earlier key of the purpose stops verifying at
     * once, here, and on other nodes at their next reload (within {@code Rotor.KEY_MAINTENANCE_EVERY}). Every token
     * they signed stops working, so their users log in again: whoever holds a leaked key can sign any token.
     * Returns the new kid.
     */
    public synchronized String revokeAndRotate(String purpose) {
        KeyRingConfig c = storedRing(purpose).config();
        Instant now = clock.instant();
        StoredKey key = newKey(c, now);
        // Stored times are milliseconds and a key verifies through its verifyUntil: the millisecond before now is
        // the last one in which the revoked keys verify.
        store.revokeAndRotateTo(key, now.minusMillis(1));
        reload();
        return key.kid();
    }

    private KeyRing storedRing(String purpose) {
        KeyRing ring = ring(purpose);
        if (!ring.config().stored()) {
            throw new IllegalStateException("key ring " + purpose + " uses a configured signing key;"
                    + " rotate it by changing that setting");
        }
        return ring;
    }

    private StoredKey newKey(KeyRingConfig c, Instant now) {
        String kid = newKid();
        JWK jwk = generate(c.algorithm(), kid);
        byte[] sealed = encryption.encrypt(kid, jwk.toJSONString().getBytes(StandardCharsets.UTF_8));
        return new StoredKey(kid, c.purpose(), c.algorithm().getName(), sealed, now, null, null);
    }

    /**
     * Re-reads all keys from the store and installs them in the rings: call after a rotation on another node, and
     * periodically (see {@link #maintain()}).
     */
    public synchronized void reload() {
        lastReload = clock.instant();
        Instant now = clock.instant();
        Map<String, List<RingKey>> byPurpose = new HashMap<>();
        Map<String, RingKey> seen = new HashMap<>();
        for (StoredKey s : store.all()) {
            KeyRing ring = rings.get(s.purpose());
            if (ring == null || !ring.config().stored()
                    || (s.verifyUntil() != null && now.isAfter(s.verifyUntil()))) {
                continue;
            }
            RingKey key = decrypted.get(s.kid());
            if (key == null) {
                key = load(s);
            }
            if (!Objects.equals(key.retiredAt, s.retiredAt()) || !Objects.equals(key.verifyUntil, s.verifyUntil())) {
                key = key.withDates(s.retiredAt(), s.verifyUntil());
            }
            seen.put(s.kid(), key);
            byPurpose.computeIfAbsent(s.purpose(), p -> new ArrayList<>()).add(key);
        }
        decrypted.clear();
        decrypted.putAll(seen);
        for (KeyRing ring : rings.values()) {
            KeyRingConfig c = ring.config();
            List<RingKey> keys = c.stored()
                    ? byPurpose.getOrDefault(c.purpose(), List.of())
                    : List.of(RingKey.hmac(sharedKid(c.sharedSecret()),
                            c.sharedSecret().getBytes(StandardCharsets.UTF_8), Instant.EPOCH, null, null));
            ring.install(keysOf(keys));
        }
    }

    /**
     * Reloads when a token names an unknown kid, so a key rotated on another node verifies here at once; at most once
     * a second, so that tokens with made-up kids cannot turn into a flood of store reads.
     */
    synchronized void reloadForUnknownKid() {
        if (!clock.instant().isBefore(lastReload.plus(UNKNOWN_KID_RELOAD_GAP))) {
            reload();
        }
    }

    /** Purges retired keys past their verifyUntil, then reloads; returns how many were purged. Call every minute. */
    public int maintain() {
        int purged = store.purgeRetired(clock.instant());
        reload();
        return purged;
    }

    /** RFC 7517 section 5 JWK Set of the public keys of every asymmetric ring, retired-but-verifying included. */
    public String jwks() {
        Instant now = clock.instant();
        List<JWK> keys = new ArrayList<>();
        for (KeyRing ring : rings.values()) {
            for (RingKey k : ring.keys().all()) {
                if (k.publicJwk != null && k.verifiesAt(now)) {
                    keys.add(k.publicJwk);
                }
            }
        }
        return new JWKSet(keys).toString(true);
    }

    /** Every key the CLI may show: stored keys (of any purpose) and configured ones. No material. */
    public List<KeyInfo> list() {
        List<KeyInfo> out = new ArrayList<>();
        for (StoredKey s : store.all()) {
            KeyRing ring = rings.get(s.purpose());
            boolean signs = ring != null && s.kid().equals(ring.currentKid());
            out.add(new KeyInfo(s.kid(), s.purpose(), s.algorithm(), s.createdAt(), s.retiredAt(), s.verifyUntil(),
                    signs, true));
        }
        for (KeyRing ring : rings.values()) {
            if (!ring.config().stored()) {
                out.add(new KeyInfo(ring.currentKid(), ring.purpose(), "HS256", null, null, null, true, false));
            }
        }
        return out;
    }

    /** The newest non-retired key signs (ties by kid, so all nodes choose alike); the rest only verify. */
    private static KeyRing.Keys keysOf(List<RingKey> keys) {
        RingKey signing = keys.stream()
                .filter(k -> k.retiredAt == null)
                .max(Comparator.comparing((RingKey k) -> k.createdAt).thenComparing(k -> k.kid))
                .orElse(null);
        Map<String, RingKey> byKid = new HashMap<>();
        for (RingKey k : keys) {
            byKid.put(k.kid, k);
        }
        List<RingKey> ordered = new ArrayList<>(keys);
        if (signing != null) { // try the signing key first for tokens without kid
            ordered.remove(signing);
            ordered.add(0, signing);
        }
        return new KeyRing.Keys(signing, Map.copyOf(byKid), List.copyOf(ordered));
    }

    private RingKey load(StoredKey s) {
        byte[] plain = encryption.decrypt(s.kid(), s.encryptedKey());
        try {
            JWK jwk = JWK.parse(new String(plain, StandardCharsets.UTF_8));
            if (!s.kid().equals(jwk.getKeyID())) {
                throw new IllegalStateException("stored key " + s.kid() + " holds key material of " + jwk.getKeyID());
            }
            return RingKey.fromJwk(jwk, JWSAlgorithm.parse(s.algorithm()), s.createdAt(), s.retiredAt(),
                    s.verifyUntil());
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("stored key " + s.kid() + " cannot be used: " + e.getMessage(), e);
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
    }

    private String newKid() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A stable kid for a configured secret: 96 bits of SHA-256 over a label and the secret, not the secret. */
    static String sharedKid(String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("rotor shared-secret kid v1\0".getBytes(StandardCharsets.US_ASCII));
            byte[] h = sha.digest(secret.getBytes(StandardCharsets.UTF_8));
            return "s-" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(h, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static JWK generate(JWSAlgorithm alg, String kid) {
        try {
            if (JWSAlgorithm.EdDSA.equals(alg)) {
                // Bouncy Castle, which also signs (RingKey): Nimbus's generator would pull in Tink for this alone.
                Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
                return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(key.generatePublicKey().getEncoded()))
                        .d(Base64URL.encode(key.getEncoded())).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(alg)
                        .build();
            }
            if (JWSAlgorithm.ES256.equals(alg)) {
                return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(alg).generate();
            }
            if (JWSAlgorithm.RS256.equals(alg)) {
                return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(alg).generate();
            }
            return new OctetSequenceKeyGenerator(256).keyID(kid).algorithm(alg).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a " + alg + " key", e);
        }
    }
}

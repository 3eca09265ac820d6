package dev.rotor.server.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts signing-key material for {@code StoredKey.encryptedKey}: AES-256-GCM (NIST SP 800-38D) with a random
 * 12-byte nonce and the kid as associated data, so a blob copied onto another kid does not decrypt. Layout:
 * {@code 0x01 | nonce(12) | ciphertext | tag(16)}.
 */
public final class KeyEncryption {

    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final String origin;
    private final SecureRandom random = new SecureRandom();

    /** {@code key} is 32 bytes (copied); {@code origin} names where the master key came from, for errors. */
    public KeyEncryption(byte[] key, String origin) {
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("AES-256 needs a 32-byte key");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.origin = origin;
    }

    /** Encrypts {@code plain} for the key {@code kid}. */
    public byte[] encrypt(String kid, byte[] plain) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plain);
            return ByteBuffer.allocate(1 + NONCE + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /**
     * Decrypts the material of key {@code kid}.
     *
     * @throws KeyDecryptionException when the blob is damaged or was encrypted under another master key
     */
    public byte[] decrypt(String kid, byte[] sealed) {
        if (sealed == null || sealed.length < 1 + NONCE + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new KeyDecryptionException("stored key " + kid + " is not in a format this version can read");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE));
            c.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(sealed, 1 + NONCE, sealed.length - 1 - NONCE);
        } catch (AEADBadTagException e) {
            throw new KeyDecryptionException("cannot decrypt stored signing key " + kid + " with the master key from "
                    + origin + ": it was encrypted with a different master key (every node must use the same"
                    + " ROTOR_MASTER_KEY) or the stored key is damaged");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** A stored signing key could not be decrypted: wrong master key, or damaged data. */
    public static final class KeyDecryptionException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        KeyDecryptionException(String message) {
            super(message);
        }
    }
}

package dev.rotor.server.crypto;

import dev.rotor.server.config.DataDirectory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The deployment's 32-byte master key (setting {@code ROTOR_MASTER_KEY}, or {@code <dataDir>/master.key}) and the
 * sub-keys derived from it with HKDF-SHA256 (RFC 5869), one per use, so that no key serves two purposes.
 */
public final class MasterKey {

    /** Name of the key file kept in the data directory when no master key is configured. */
    public static final String FILE_NAME = "master.key";
    static final int LENGTH = 32;

    private static final byte[] SALT = "rotor master key v1".getBytes(StandardCharsets.US_ASCII);
    private final byte[] key;
    private final String origin;

    private MasterKey(byte[] key, String origin) {
        this.key = key;
        this.origin = origin;
    }

    /** The configured key, or by default the key file in {@code dataDir} (created on first use). */
    public static MasterKey resolve(String base64Setting, Path dataDir) {
        if (base64Setting != null && !base64Setting.isBlank()) {
            return fromBase64(base64Setting);
        }
        return fromFile(dataDir.resolve(FILE_NAME));
    }

    /** Parses the value of {@code ROTOR_MASTER_KEY}: standard base64 (padding optional) of exactly 32 bytes. */
    public static MasterKey fromBase64(String value) {
        return new MasterKey(decode(value, "ROTOR_MASTER_KEY"), "ROTOR_MASTER_KEY");
    }

    /**
     * Reads the key file, or creates it with 32 random bytes (base64, owner-only permissions rw-------), written
     * to a temporary file, forced to disk and linked into place, so that a crash never leaves a half-written key.
     */
    public static MasterKey fromFile(Path file) {
        String origin = file.toString();
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return new MasterKey(decode(text, origin), origin);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the master key file " + origin + ": " + e, e);
        }
    }

    private static void create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        DataDirectory.create(dir);
        byte[] fresh = new byte[LENGTH];
        new SecureRandom().nextBytes(fresh);
        byte[] text = (Base64.getEncoder().encodeToString(fresh) + "\n").getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(fresh, (byte) 0);
        Path tmp = Files.createTempFile(dir, ".master.key-", ".tmp", DataDirectory.ownerOnlyFile(dir));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(text));
                ch.force(true);
            }
            try {
                // link(2) puts the complete file in place atomically and, unlike rename(2), never replaces an
                // existing one: if another process created the key meanwhile, its key wins.
                Files.createLink(file, tmp);
            } catch (FileAlreadyExistsException e) {
                throw e; // lost the race: below, the other process's key is read
            } catch (UnsupportedOperationException | FileSystemException e) {
                writeNew(file, text); // no hard links on this file system
            }
            forceDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            // lost a race with another process; read its key
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The key file where hard links are not supported (FAT, some network file systems). A rename there would replace a
     * key that another process created in the same moment, and the two processes would go on with different keys.
     * O_EXCL creation never replaces one; the price is that a process starting in that moment may read the file
     * before it is complete and then refuses to start, with an error naming the file, instead of reading a wrong key.
     */
    static void writeNew(Path file, byte[] text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                DataDirectory.ownerOnlyFile(dir))) {
            ch.write(ByteBuffer.wrap(text));
            ch.force(true);
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some platforms cannot open a directory to sync it; the file is in place (linked or created) already
        }
    }

    private static byte[] decode(String value, String origin) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the master key from " + origin
                    + " is not valid base64; expected the base64 of 32 random bytes (e.g. `openssl rand -base64 32`)");
        }
        if (bytes.length != LENGTH) {
            int n = bytes.length;
            Arrays.fill(bytes, (byte) 0);
            throw new IllegalArgumentException("the master key from " + origin + " is " + n
                    + " bytes; expected the base64 of exactly 32 bytes (e.g. `openssl rand -base64 32`)");
        }
        return bytes;
    }

    /** Where the key came from (setting name or file path), for error messages; never the key. */
    public String origin() {
        return origin;
    }

    /** The 32-byte key that encrypts stored signing keys (AES-256-GCM, see {@link KeyEncryption}). */
    public byte[] keyEncryptionKey() {
        return derive("signing-key encryption");
    }

    /** The 32-byte key given to core's {@code SuccessorDeriver}. */
    public byte[] successorKey() {
        return derive("refresh successor");
    }

    /** A {@link KeyEncryption} under {@link #keyEncryptionKey()}. */
    public KeyEncryption keyEncryption() {
        byte[] kek = keyEncryptionKey();
        try {
            return new KeyEncryption(kek, origin);
        } finally {
            Arrays.fill(kek, (byte) 0);
        }
    }

    /** HKDF-SHA256 (RFC 5869): extract (section 2.2) with a fixed salt, expand (section 2.3) one block with info. */
    private byte[] derive(String info) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SALT, "HmacSHA256"));
            byte[] prk = mac.doFinal(key);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            Arrays.fill(prk, (byte) 0);
            mac.update(("rotor " + info).getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) 1); // T(1) = HMAC(PRK, T(0) | info | 0x01); 32 bytes = one block
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[from " + origin + "]";
    }
}

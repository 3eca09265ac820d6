package dev.rotor.server.crypto;

import dev.rotor.core.login.PasswordHasher;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashing for login: new hashes are Argon2id (RFC 9106) with OWASP's parameters (m=19 MiB, t=2, p=1) in
 * PHC string format; imported Django {@code pbkdf2_sha256} (RFC 8018 section 5.2) and bcrypt hashes are verified
 * and reported as needing a rehash. Comparisons are constant-time; a malformed stored hash is a mismatch.
 */
public final class Passwords implements PasswordHasher {

    static final int MEMORY_KIB = 19456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    // Bounds on imported parameters, so a hostile stored hash cannot make one login cost minutes or gigabytes.
    private static final int MAX_MEMORY_KIB = 1 << 20;
    private static final int MAX_ITERATIONS = 16;
    private static final int MAX_PBKDF2_ITERATIONS = 10_000_000;
    private static final int MAX_BCRYPT_COST = 20;
    private static final String ARGON2ID = "$argon2id$";
    private static final String DJANGO_PBKDF2 = "pbkdf2_sha256$";

    private static final Base64.Encoder PHC_B64 = Base64.getEncoder().withoutPadding();
    private final SecureRandom random = new SecureRandom();
    /** A third of the heap, in MiB, for Argon2id's memory (at least one default-cost computation at a time). */
    private final int budgetMiB = (int) Math.max(MEMORY_KIB / 1024 + 1, Runtime.getRuntime().maxMemory() / 3 / (1 << 20));
    private final Semaphore memoryBudget = new Semaphore(budgetMiB, true);
    /**
     * Argon2id's 1 KiB memory blocks, kept between computations (at most the budget's worth, which bounds how many
     * are in use at once). Allocated afresh, each computation's 19 MiB outlived the young generation of the launcher's
     * heap: under login load (four at a time) that was 15–20 collections a second, 6–8 of them full, and a peak
     * resident set of 272–278 MiB; with the pool, one collection every 5–15 s and 221–222 MiB.
     */
    private final ReusedBlocks blocks = new ReusedBlocks(budgetMiB * 1024);
    /**
     * What {@link #verifyNothing} checks against: an Argon2id hash at the current parameters (made once with
     * {@link #hash}). A constant rather than computed at start-up, which would cost every start one Argon2id; it
     * guards no secret, it only makes an unknown user cost one full verification.
     */
    static final String DUMMY_HASH =
            "$argon2id$v=19$m=19456,t=2,p=1$ol1Z83q13VUSzAei6OpFEQ$cy6TJjUKUvcsQFwtWADQ6r9XBUXIYTZOtQ/cWDNYhro";

    /** Hashes at the current parameters. */
    public Passwords() {
    }

    @Override
    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] out = argon2id(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return ARGON2ID + "v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + PHC_B64.encodeToString(salt) + "$" + PHC_B64.encodeToString(out);
    }

    /** Whether {@link #verify} knows the stored hash's format: what {@code rotor user import} accepts. */
    public static boolean canVerify(String storedHash) {
        return storedHash.startsWith(ARGON2ID) || storedHash.startsWith(DJANGO_PBKDF2) || isBcrypt(storedHash);
    }

    private static boolean isBcrypt(String storedHash) {
        return storedHash.startsWith("$2a$") || storedHash.startsWith("$2b$") || storedHash.startsWith("$2y$");
    }

    @Override
    public Check verify(char[] password, String storedHash) {
        if (password == null || storedHash == null) {
            return Check.MISMATCH;
        }
        try {
            if (storedHash.startsWith(ARGON2ID)) {
                return verifyArgon2id(password, storedHash);
            }
            if (storedHash.startsWith(DJANGO_PBKDF2)) {
                return verifyDjango(password, storedHash);
            }
            if (isBcrypt(storedHash)) {
                return verifyBcrypt(password, storedHash);
            }
            return Check.MISMATCH;
        } catch (RuntimeException | java.security.GeneralSecurityException e) {
            return Check.MISMATCH;
        }
    }

    @Override
    public void verifyNothing(char[] password) {
        verify(password == null ? new char[0] : password, DUMMY_HASH);
    }

    /** PHC string format: {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>}. */
    private Check verifyArgon2id(char[] password, String stored) {
        String[] parts = stored.split("\\$", -1);
        if (parts.length != 6 || !parts[2].equals("v=19")) {
            return Check.MISMATCH;
        }
        String[] params = parts[3].split(",", -1);
        if (params.length != 3 || !params[0].startsWith("m=") || !params[1].startsWith("t=")
                || !params[2].startsWith("p=")) {
            return Check.MISMATCH;
        }
        int m = Integer.parseInt(params[0].substring(2));
        int t = Integer.parseInt(params[1].substring(2));
        int p = Integer.parseInt(params[2].substring(2));
        byte[] salt = Base64.getDecoder().decode(parts[4]);
        byte[] expected = Base64.getDecoder().decode(parts[5]);
        if (m < 8 * p || m > MAX_MEMORY_KIB || t < 1 || t > MAX_ITERATIONS || p < 1 || p > 16
                || salt.length < 8 || expected.length < 16 || expected.length > 64) {
            return Check.MISMATCH;
        }
        byte[] actual = argon2id(password, salt, m, t, p, expected.length);
        if (!MessageDigest.isEqual(actual, expected)) {
            return Check.MISMATCH;
        }
        boolean weaker = m < MEMORY_KIB || t < ITERATIONS || salt.length < SALT_BYTES || expected.length < HASH_BYTES;
        return weaker ? Check.MATCH_NEEDS_REHASH : Check.MATCH;
    }

    /** Django's PBKDF2PasswordHasher: {@code pbkdf2_sha256$<iterations>$<salt>$<base64(sha256 dk)>}. */
    private static Check verifyDjango(char[] password, String stored) throws java.security.GeneralSecurityException {
        String[] parts = stored.split("\\$", -1);
        if (parts.length != 4 || parts[2].isEmpty() || password.length == 0) {
            return Check.MISMATCH;
        }
        int iterations = Integer.parseInt(parts[1]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        if (iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS || expected.length != 32) {
            return Check.MISMATCH;
        }
        // Django encodes both password and salt as UTF-8; the JDK's PBKDF2 does the same for the password.
        PBEKeySpec spec = new PBEKeySpec(password, parts[2].getBytes(StandardCharsets.UTF_8), iterations, 256);
        try {
            byte[] actual = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return MessageDigest.isEqual(actual, expected) ? Check.MATCH_NEEDS_REHASH : Check.MISMATCH;
        } finally {
            spec.clearPassword();
        }
    }

    /** OpenBSD bcrypt {@code $2a$}, {@code $2b$}, {@code $2y$} (Bouncy Castle compares in constant time). */
    private static Check verifyBcrypt(char[] password, String stored) {
        if (stored.length() != 60 || Integer.parseInt(stored.substring(4, 6)) > MAX_BCRYPT_COST) {
            return Check.MISMATCH;
        }
        return OpenBSDBCrypt.checkPassword(stored, password) ? Check.MATCH_NEEDS_REHASH : Check.MISMATCH;
    }

    /**
     * Runs Argon2id within the memory budget: each computation holds its memory cost in MiB of {@link #memoryBudget}
     * while it runs, so that a burst of logins or client authentications (e.g. a freshly started node behind a
     * load balancer, before its client-secret cache is warm) waits in turn instead of exhausting the heap.
     */
    private byte[] argon2id(char[] password, byte[] salt, int memoryKiB, int iterations, int lanes, int len) {
        int mebibytes = Math.min(budgetMiB, Math.max(1, (memoryKiB + 1023) / 1024 + 1));
        memoryBudget.acquireUninterruptibly(mebibytes);
        try {
            return computeArgon2id(password, salt, memoryKiB, iterations, lanes, len);
        } finally {
            memoryBudget.release(mebibytes);
        }
    }

    private byte[] computeArgon2id(char[] password, byte[] salt, int memoryKiB, int iterations, int lanes, int len) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKiB)
                .withIterations(iterations)
                .withParallelism(lanes)
                .withSalt(salt)
                .withBlockPool(blocks)
                .build();
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(params);
        byte[] out = new byte[len];
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] pw = new byte[encoded.remaining()];
        encoded.get(pw);
        try {
            gen.generateBytes(pw, out);
        } finally {
            Arrays.fill(pw, (byte) 0);
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return out;
    }

    /**
     * Bouncy Castle's {@code FixedBlockPool} zeroes a block both when it is handed back and when it is handed out
     * again; side by side under login load that made logins 4–14% slower than allocating afresh, where this pool makes
     * them 6–16% faster (bench/logins.sh). Zeroing once is enough: a block is zeroed when handed back, so no
     * password-derived memory waits in the pool, and Argon2's first pass writes every block before any pass reads it
     * (RFC 9106 section 3.2, step 5).
     */
    static final class ReusedBlocks implements Argon2BytesGenerator.BlockPool {
        private final ArrayDeque<Argon2BytesGenerator.Block> free = new ArrayDeque<>();
        private final int maxBlocks;

        ReusedBlocks(int maxBlocks) {
            this.maxBlocks = maxBlocks;
        }

        @Override
        public Argon2BytesGenerator.Block allocate() {
            Argon2BytesGenerator.Block block;
            synchronized (free) {
                block = free.pollLast();
            }
            return block != null ? block : new Argon2BytesGenerator.Block();
        }

        @Override
        public void deallocate(Argon2BytesGenerator.Block block) {
            block.clear();
            synchronized (free) {
                if (free.size() < maxBlocks) {
                    free.addLast(block);
                }
            }
        }
    }
}

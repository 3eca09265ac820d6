package dev.rotor.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rotor.core.login.PasswordHasher.Check;
import java.lang.management.ManagementFactory;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.junit.jupiter.api.Test;

class PasswordsTest {

    private static final Passwords PASSWORDS = new Passwords();

    @Test
    void hashThenVerifyMatchesWithCurrentParameters() {
        String h = PASSWORDS.hash("correct horse ✓".toCharArray());
        assertThat(h).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(PASSWORDS.verify("correct horse ✓".toCharArray(), h)).isEqualTo(Check.MATCH);
        assertThat(PASSWORDS.verify("correct horse".toCharArray(), h)).isEqualTo(Check.MISMATCH);
        assertThat(PASSWORDS.hash("x".toCharArray())).isNotEqualTo(PASSWORDS.hash("x".toCharArray()));
    }

    @Test
    void verifyWhenReferenceArgon2idVectorThenMatches() {
        // P-H-C/phc-winner-argon2 src/test.c, Argon2id v=19 vectors for password "password", salt "somesalt".
        // The 8-byte salt is below ours, so a match asks for a rehash.
        String m64MiB = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        assertThat(PASSWORDS.verify("password".toCharArray(), m64MiB)).isEqualTo(Check.MATCH_NEEDS_REHASH);
        assertThat(PASSWORDS.verify("passwore".toCharArray(), m64MiB)).isEqualTo(Check.MISMATCH);
    }

    @Test
    void verifyWhenArgon2MemoryIsReusedThenReferenceVectorsStillMatch() {
        // P-H-C/phc-winner-argon2 src/test.c vectors, in turn on one instance: each computation runs on blocks that
        // the one before it handed back, of another size.
        Passwords passwords = new Passwords();
        String m64MiB = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        String m256KiB = "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";
        for (String vector : new String[] {m256KiB, m64MiB, m256KiB, m64MiB}) {
            assertThat(passwords.verify("password".toCharArray(), vector)).isEqualTo(Check.MATCH_NEEDS_REHASH);
        }
    }

    @Test
    void hashWhenRepeatedThenArgon2MemoryIsReusedRatherThanAllocatedAgain() {
        // Each fresh 19 MiB used to outlive the young generation: under login load the launcher's heap then made several
        // full collections a second. Allocation is counted for this thread only.
        Passwords passwords = new Passwords();
        passwords.hash("warm".toCharArray());
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        passwords.hash("again".toCharArray());
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated by a second hash").isLessThan(Passwords.MEMORY_KIB * 1024L / 8);
    }

    @Test
    void blocksWhenHandedBackThenZeroedAndKeptUpToTheBound() {
        // A block's contents are readable only inside Bouncy Castle's package, so the test sees the pool call clear().
        Passwords.ReusedBlocks pool = new Passwords.ReusedBlocks(1);
        ClearRecordingBlock kept = new ClearRecordingBlock();
        ClearRecordingBlock beyondBound = new ClearRecordingBlock();

        pool.deallocate(kept);
        pool.deallocate(beyondBound);

        assertThat(kept.cleared).as("kept block zeroed").isTrue();
        assertThat(beyondBound.cleared).as("dropped block zeroed").isTrue();
        assertThat(pool.allocate()).isSameAs(kept);
        assertThat(pool.allocate()).isNotSameAs(beyondBound).isNotSameAs(kept);
    }

    private static final class ClearRecordingBlock extends Argon2BytesGenerator.Block {
        boolean cleared;

        @Override
        public Argon2BytesGenerator.Block clear() {
            cleared = true;
            return super.clear();
        }
    }

    @Test
    void verifyWhenArgon2idWeakerThanCurrentThenNeedsRehash() {
        // P-H-C/phc-winner-argon2 src/test.c: m=256 KiB is far below 19 MiB.
        String weak = "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";
        assertThat(PASSWORDS.verify("password".toCharArray(), weak)).isEqualTo(Check.MATCH_NEEDS_REHASH);
    }

    @Test
    void verifyWhenDjangoPbkdf2ThenMatchNeedsRehash() {
        // Produced with: python3 -c "import hashlib,base64;print(base64.b64encode(hashlib.pbkdf2_hmac('sha256',
        //   b'correct horse',b'seasalt0123',260000)).decode())"  (Django's PBKDF2PasswordHasher does exactly this)
        String django = "pbkdf2_sha256$260000$seasalt0123$mkdwlGUlSWpkBMpAc5ZRcmK2t9rMNfUiUpJ7KkgSSic=";
        assertThat(PASSWORDS.verify("correct horse".toCharArray(), django)).isEqualTo(Check.MATCH_NEEDS_REHASH);
        assertThat(PASSWORDS.verify("correct horsE".toCharArray(), django)).isEqualTo(Check.MISMATCH);
    }

    @Test
    void verifyWhenBcryptThenMatchNeedsRehash() {
        // Openwall crypt_blowfish test vectors (wrapper.c), also in OpenBSD-compatible suites: "U*U".
        String bcrypt = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
        assertThat(PASSWORDS.verify("U*U".toCharArray(), bcrypt)).isEqualTo(Check.MATCH_NEEDS_REHASH);
        assertThat(PASSWORDS.verify("U*U*".toCharArray(), bcrypt)).isEqualTo(Check.MISMATCH);
        // $2b$ and $2y$ differ from $2a$ only for passwords over 255 bytes or with 8-bit bugs: same hash here.
        assertThat(PASSWORDS.verify("U*U".toCharArray(), "$2b$" + bcrypt.substring(4)))
                .isEqualTo(Check.MATCH_NEEDS_REHASH);
        assertThat(PASSWORDS.verify("U*U".toCharArray(), "$2y$" + bcrypt.substring(4)))
                .isEqualTo(Check.MATCH_NEEDS_REHASH);
    }

    @Test
    void verifyWhenStoredHashMalformedThenMismatchNeverException() {
        String[] bad = {
            null, "", "$", "plaintext", "$argon2id$", "$argon2id$v=19$m=x,t=2,p=1$c29tZXNhbHQ$AAAA",
            "$argon2id$v=16$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
            "$argon2id$v=19$m=99999999,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
            "$argon2id$v=19$m=256,t=2,p=1$!!!$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
            "pbkdf2_sha256$", "pbkdf2_sha256$abc$salt$AAAA", "pbkdf2_sha256$1$salt$AAAA",
            "pbkdf2_sha256$999999999$salt$mkdwlGUlSWpkBMpAc5ZRcmK2t9rMNfUiUpJ7KkgSSic=",
            "$2a$05$short", "$2a$99$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
            "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOe!", "$2x$05$abc"
        };
        for (String s : bad) {
            assertThat(PASSWORDS.verify("password".toCharArray(), s)).as(s).isEqualTo(Check.MISMATCH);
        }
        assertThat(PASSWORDS.verify(null, "pbkdf2_sha256$1$s$AAAA")).isEqualTo(Check.MISMATCH);
    }

    @Test
    void dummyHashWhenCheckedThenCurrentParametersSoAnUnknownUserCostsAFullVerification() {
        assertThat(PASSWORDS.verify("rotor: no such user".toCharArray(), Passwords.DUMMY_HASH)).isEqualTo(Check.MATCH);
    }

    @Test
    void verifyNothingTakesAnArgon2idAndNeverThrows() {
        PASSWORDS.verifyNothing("anything".toCharArray());
        PASSWORDS.verifyNothing(null);
    }
}

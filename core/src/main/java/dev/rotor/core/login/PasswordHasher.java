package dev.rotor.core.login;

/** Hashes new passwords and verifies stored hashes, whatever format they were imported in (CORE.md "Passwords"). */
public interface PasswordHasher {

    /** The result of checking a password against a stored hash. */
    enum Check {
        MATCH,
        /** Right password, but the stored hash is of an older format or weaker parameters: store a new hash. */
        MATCH_NEEDS_REHASH,
        MISMATCH
    }

    /** A new hash in the current format (Argon2id, PHC string). */
    String hash(char[] password);

    /** Checks a password; an unknown or malformed stored hash is a {@link Check#MISMATCH}, never an exception. */
    Check verify(char[] password, String storedHash);

    /**
     * Does the work of a verification that cannot succeed, so that an unknown user costs as much time as a wrong
     * password (CORE.md: equal answers and timing).
     */
    void verifyNothing(char[] password);
}

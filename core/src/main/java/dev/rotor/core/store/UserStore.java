package dev.rotor.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Accounts. Usernames and e-mail addresses are unique, compared case-insensitively. */
public interface UserStore {

    Optional<User> findById(String id);

    /** Finds a user by username or, failing that, by e-mail address. */
    Optional<User> findByLogin(String usernameOrEmail);

    /** Adds a user; throws {@link DuplicateException} when the id, username or e-mail is taken. */
    void add(User user);

    List<User> list();

    /** Sets the active flag; false when there is no such user. */
    boolean setActive(String userId, boolean active);

    /** Replaces the stored password hash (after a password change or an upgrade to Argon2id). */
    boolean setPasswordHash(String userId, String passwordHash);

    void recordLogin(String userId, Instant at);

    /**
     * Removes the user's record (names, e-mail, password hash); false when there is none. Their sessions are not
     * touched here: {@code SessionService.removeUser} ends them first.
     */
    boolean remove(String userId);
}

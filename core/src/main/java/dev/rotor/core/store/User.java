package dev.rotor.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An account that can log in. {@code id} is a string so that imported ids (Django's integers, UUIDs) are kept
 * exactly as given; {@code passwordHash} is a PHC string (Argon2id) or an imported Django/bcrypt hash.
 */
public record User(
        String id,
        String username,
        String email,
        String firstName,
        String lastName,
        String role,
        boolean active,
        String passwordHash,
        Instant createdAt,
        Instant lastLoginAt) {

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(createdAt, "createdAt");
        email = email == null ? "" : email;
        firstName = firstName == null ? "" : firstName;
        lastName = lastName == null ? "" : lastName;
        role = role == null ? "user" : role;
    }

    public User withPasswordHash(String hash) {
        return new User(id, username, email, firstName, lastName, role, active, hash, createdAt, lastLoginAt);
    }

    public User withActive(boolean isActive) {
        return new User(id, username, email, firstName, lastName, role, isActive, passwordHash, createdAt, lastLoginAt);
    }

    public User withLastLogin(Instant at) {
        return new User(id, username, email, firstName, lastName, role, active, passwordHash, createdAt, at);
    }

    /** Never print the password hash. */
    @Override
    public String toString() {
        return "User[id=" + id + ", username=" + username + ", active=" + active + "]";
    }
}

package dev.rotor.core;

import dev.rotor.core.store.User;
import java.time.Instant;

/** Small user fixtures. */
public final class TestUsers {

    private TestUsers() {
    }

    public static User alice() {
        return user("1", "alice", "alice@example.com");
    }

    public static User bob() {
        return user("2", "bob", "bob@example.com");
    }

    public static User user(String id, String username, String email) {
        return new User(id, username, email, "First", "Last", "user", true, "plain:secret",
                Instant.parse("2025-01-01T00:00:00Z"), null);
    }
}

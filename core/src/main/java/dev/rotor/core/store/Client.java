package dev.rotor.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An OAuth 2.0 client (RFC 6749 §2). A public client has no secret; a confidential one keeps only a hash of it.
 */
public record Client(String id, String secretHash, Instant createdAt) {

    public Client {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean confidential() {
        return secretHash != null;
    }

    @Override
    public String toString() {
        return "Client[id=" + id + ", confidential=" + confidential() + "]";
    }
}

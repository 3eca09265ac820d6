package dev.rotor.server.store;

import dev.rotor.core.session.AccessRecord;
import dev.rotor.core.session.RefreshRecord;
import dev.rotor.core.session.Session;
import dev.rotor.core.store.RefreshWrite;
import dev.rotor.core.store.User;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Small builders for store tests: fixed instants, never the wall clock. */
public final class Fixtures {

    public static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    public static final Duration REFRESH_TTL = Duration.ofDays(30);

    private Fixtures() {
    }

    public static String id() {
        return UUID.randomUUID().toString();
    }

    public static Session session(String userId, Instant at) {
        return new Session(id(), userId, "oauth2", "cli", "laptop", "openid", at, at, at.plus(REFRESH_TTL),
                at.plus(Duration.ofDays(90)), null, null);
    }

    public static RefreshRecord refresh(Session s, Instant at) {
        return RefreshRecord.current("r-" + id(), s.id(), at, at.plus(REFRESH_TTL));
    }

    public static AccessRecord access(Session s, Instant at) {
        return new AccessRecord("a-" + id(), s.id(), at, at.plus(Duration.ofHours(1)));
    }

    /** A rotating refresh of {@code presented} at {@code at}, with a new opaque access token. */
    public static RefreshWrite rotate(Session s, RefreshRecord presented, Instant at) {
        return rotate(s, presented, at, true);
    }

    /**
     * A rotation that also records an opaque access token, or not (a signed JWT access token is never stored): the
     * stores may write the two differently (PostgreSQL writes the second in one statement).
     */
    public static RefreshWrite rotate(Session s, RefreshRecord presented, Instant at, boolean withAccessRecord) {
        RefreshRecord successor = refresh(s, at);
        return new RefreshWrite(s.id(), presented.tokenHash(), successor, at, at.plus(REFRESH_TTL),
                withAccessRecord ? access(s, at) : null);
    }

    public static User user(String name) {
        return new User(id(), name, name + "@example.org", "First", "Last", "user", true, "$argon2id$x", T0, null);
    }
}

package dev.rotor.core.event;

import java.time.Instant;

/**
 * Something a security team wants to see: a reuse detected, a session revoked, a login throttled.
 * Carries ids only, never a token, password or secret.
 */
public record SecurityEvent(Type type, Instant at, String sessionId, String userId, String dialect, String detail) {

    /** The kinds of event. */
    public enum Type {
        REUSE_DETECTED, SESSION_REVOKED, LOGIN_THROTTLED, LOGIN_FAILED, USER_DISABLED, USER_REMOVED
    }
}

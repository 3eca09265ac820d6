package dev.rotor.core;

/**
 * Why the engine refused a token or a login. Each dialect maps every value to its own wire answer,
 * so the engine never decides a status code.
 */
public enum Failure {
    /** Unknown token, or not a token of this dialect at all (CORE.md "Refresh, step by step" 1–2). */
    INVALID,
    /** The token, or its session's idle or absolute lifetime, has run out. */
    EXPIRED,
    /** The session was ended on purpose: logout, blacklist, RFC 7009 revoke, admin revoke. */
    REVOKED,
    /** A rotated token was presented again outside the grace period; the whole session is now revoked. */
    REUSED,
    /** The token's user exists but is disabled. */
    USER_DISABLED,
    /** The token's user no longer exists. */
    USER_DELETED,
    /** Wrong username or password (the two are never told apart). */
    BAD_CREDENTIALS,
    /** Too many recent failures for this account; try again later. */
    THROTTLED
}

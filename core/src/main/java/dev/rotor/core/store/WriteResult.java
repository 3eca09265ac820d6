package dev.rotor.core.store;

/** What {@link TokenStore#applyRefresh} did. */
public enum WriteResult {
    /** Every change was committed durably. */
    APPLIED,
    /** The presented token was rotated by someone else first; nothing was written. */
    ALREADY_ROTATED,
    /** The session was revoked (or is gone) by the time of the write; nothing was written. */
    SESSION_NOT_ACTIVE
}

-- Rotor schema for the embedded SQLite store. Times are epoch milliseconds (INTEGER) so that
-- comparisons in purge queries are plain integer comparisons and identical to PostgreSQL's.

CREATE TABLE session (
    id                  TEXT    NOT NULL PRIMARY KEY,
    user_id             TEXT    NOT NULL,
    dialect             TEXT    NOT NULL,
    client_id           TEXT,
    device_name         TEXT,
    scope               TEXT,
    created_at          INTEGER NOT NULL,
    last_used_at        INTEGER NOT NULL,
    idle_expires_at     INTEGER NOT NULL,
    absolute_expires_at INTEGER,
    revoked_at          INTEGER,
    revoked_reason      TEXT
);
CREATE INDEX session_by_user ON session (user_id, created_at);
CREATE INDEX session_by_idle_expiry ON session (idle_expires_at);
CREATE INDEX session_by_absolute_expiry ON session (absolute_expires_at);
CREATE INDEX session_revoked ON session (revoked_at) WHERE revoked_at IS NOT NULL;

-- Only hashes of refresh tokens are stored. A rotated record keeps its successor so that a
-- replay can be told apart from a retry within the grace period.
CREATE TABLE refresh_token (
    hash           TEXT    NOT NULL PRIMARY KEY,
    session_id     TEXT    NOT NULL REFERENCES session (id),
    issued_at      INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    successor_hash TEXT,
    rotated_at     INTEGER
);
CREATE INDEX refresh_by_session ON refresh_token (session_id);
CREATE INDEX refresh_by_expiry ON refresh_token (expires_at);

-- Opaque access tokens die with their session: the cascade only fires when purge removes a
-- session, which it does once the session can no longer be used.
CREATE TABLE access_token (
    hash       TEXT    NOT NULL PRIMARY KEY,
    session_id TEXT    NOT NULL REFERENCES session (id) ON DELETE CASCADE,
    issued_at  INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX access_by_session ON access_token (session_id);
CREATE INDEX access_by_expiry ON access_token (expires_at);

-- Listing order is insertion order (rowid here, an identity column on PostgreSQL).
-- username_key and email_key hold the Java Locale.ROOT lower-case form, so that uniqueness and
-- look-ups are case-insensitive for every script, not only ASCII (COLLATE NOCASE is ASCII-only),
-- and behave the same on PostgreSQL. email_key is NULL when there is no e-mail address.
CREATE TABLE users (
    id            TEXT    NOT NULL PRIMARY KEY,
    username      TEXT    NOT NULL,
    username_key  TEXT    NOT NULL UNIQUE,
    email         TEXT    NOT NULL DEFAULT '',
    email_key     TEXT    UNIQUE,
    first_name    TEXT    NOT NULL DEFAULT '',
    last_name     TEXT    NOT NULL DEFAULT '',
    role          TEXT    NOT NULL DEFAULT 'user',
    active        INTEGER NOT NULL DEFAULT 1,
    password_hash TEXT,
    created_at    INTEGER NOT NULL,
    last_login_at INTEGER
);

CREATE TABLE client (
    id          TEXT    NOT NULL PRIMARY KEY,
    secret_hash TEXT,
    created_at  INTEGER NOT NULL
);

CREATE TABLE signing_key (
    kid           TEXT    NOT NULL PRIMARY KEY,
    purpose       TEXT    NOT NULL,
    algorithm     TEXT    NOT NULL,
    encrypted_key BLOB    NOT NULL,
    created_at    INTEGER NOT NULL,
    retired_at    INTEGER,
    verify_until  INTEGER
);
CREATE INDEX signing_key_by_purpose ON signing_key (purpose, retired_at);
CREATE INDEX signing_key_by_verify_until ON signing_key (verify_until);

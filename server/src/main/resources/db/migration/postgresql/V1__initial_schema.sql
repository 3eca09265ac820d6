-- Rotor schema for PostgreSQL (several nodes share it). Times are epoch milliseconds (BIGINT),
-- as on SQLite, so that both stores share their SQL.

CREATE TABLE session (
    id                  TEXT    NOT NULL PRIMARY KEY,
    user_id             TEXT    NOT NULL,
    dialect             TEXT    NOT NULL,
    client_id           TEXT,
    device_name         TEXT,
    scope               TEXT,
    created_at          BIGINT NOT NULL,
    last_used_at        BIGINT NOT NULL,
    idle_expires_at     BIGINT NOT NULL,
    absolute_expires_at BIGINT,
    revoked_at          BIGINT,
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
    issued_at      BIGINT NOT NULL,
    expires_at     BIGINT NOT NULL,
    successor_hash TEXT,
    rotated_at     BIGINT
);
CREATE INDEX refresh_by_session ON refresh_token (session_id);
CREATE INDEX refresh_by_expiry ON refresh_token (expires_at);

-- Opaque access tokens die with their session: the cascade only fires when purge removes a
-- session, which it does once the session can no longer be used.
CREATE TABLE access_token (
    hash       TEXT    NOT NULL PRIMARY KEY,
    session_id TEXT    NOT NULL REFERENCES session (id) ON DELETE CASCADE,
    issued_at  BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX access_by_session ON access_token (session_id);
CREATE INDEX access_by_expiry ON access_token (expires_at);

-- Listing order is insertion order (the seq identity column; rowid on SQLite).
-- username_key and email_key hold the Java Locale.ROOT lower-case form, so that uniqueness and
-- look-ups are case-insensitive for every script, not only ASCII (COLLATE NOCASE is ASCII-only),
-- and behave the same on PostgreSQL. email_key is NULL when there is no e-mail address.
CREATE TABLE users (
    id            TEXT    NOT NULL PRIMARY KEY,
    seq           BIGINT  GENERATED ALWAYS AS IDENTITY UNIQUE,
    username      TEXT    NOT NULL,
    username_key  TEXT    NOT NULL UNIQUE,
    email         TEXT    NOT NULL DEFAULT '',
    email_key     TEXT    UNIQUE,
    first_name    TEXT    NOT NULL DEFAULT '',
    last_name     TEXT    NOT NULL DEFAULT '',
    role          TEXT    NOT NULL DEFAULT 'user',
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    password_hash TEXT,
    created_at    BIGINT NOT NULL,
    last_login_at BIGINT
);

CREATE TABLE client (
    id          TEXT    NOT NULL PRIMARY KEY,
    seq           BIGINT  GENERATED ALWAYS AS IDENTITY UNIQUE,
    secret_hash TEXT,
    created_at  BIGINT NOT NULL
);

CREATE TABLE signing_key (
    kid           TEXT    NOT NULL PRIMARY KEY,
    seq           BIGINT  GENERATED ALWAYS AS IDENTITY UNIQUE,
    purpose       TEXT    NOT NULL,
    algorithm     TEXT    NOT NULL,
    encrypted_key BYTEA    NOT NULL,
    created_at    BIGINT NOT NULL,
    retired_at    BIGINT,
    verify_until  BIGINT
);
CREATE INDEX signing_key_by_purpose ON signing_key (purpose, retired_at);
CREATE INDEX signing_key_by_verify_until ON signing_key (verify_until);

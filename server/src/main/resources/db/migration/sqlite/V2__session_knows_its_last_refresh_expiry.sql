-- Each session keeps the expiry of its longest-lived refresh record, so that the purge can tell when a session's
-- last record is gone without looking the records up by session. That look-up was the only use of the index
-- refresh_by_session, and keeping the index cost every rotation one more random page write (about a tenth of a
-- refresh on the embedded store). Without the index, the foreign key from refresh_token to session would make
-- every session delete scan refresh_token, so the key goes too; SQLite can only drop it by rebuilding the table.
-- Sessions without records (0) are purged by their own state alone, as before.
ALTER TABLE session ADD COLUMN refresh_expires_at INTEGER NOT NULL DEFAULT 0;
UPDATE session SET refresh_expires_at = COALESCE(
    (SELECT MAX(r.expires_at) FROM refresh_token r WHERE r.session_id = session.id), 0);

CREATE TABLE refresh_token_v2 (
    hash           TEXT    NOT NULL PRIMARY KEY,
    session_id     TEXT    NOT NULL,
    issued_at      INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    successor_hash TEXT,
    rotated_at     INTEGER
);
INSERT INTO refresh_token_v2 (hash, session_id, issued_at, expires_at, successor_hash, rotated_at)
    SELECT hash, session_id, issued_at, expires_at, successor_hash, rotated_at FROM refresh_token;
DROP TABLE refresh_token;
ALTER TABLE refresh_token_v2 RENAME TO refresh_token;
CREATE INDEX refresh_by_expiry ON refresh_token (expires_at);

-- Each session keeps the expiry of its longest-lived refresh record, so that the purge can tell when a session's
-- last record is gone without looking the records up by session. That look-up was the only use of the index
-- refresh_by_session, and keeping the index cost every rotation one more index insert. Without the index, the
-- foreign key from refresh_token to session would make every session delete scan refresh_token, so it goes too.
-- Sessions without records, and sessions that nodes of the previous version create during a rolling upgrade (0),
-- are purged by their own state alone: a revoked or expired session refuses its tokens either way.
ALTER TABLE session ADD COLUMN refresh_expires_at BIGINT NOT NULL DEFAULT 0;
UPDATE session s SET refresh_expires_at = r.latest
    FROM (SELECT session_id, MAX(expires_at) AS latest FROM refresh_token GROUP BY session_id) r
    WHERE r.session_id = s.id;
ALTER TABLE refresh_token DROP CONSTRAINT refresh_token_session_id_fkey;
DROP INDEX refresh_by_session;

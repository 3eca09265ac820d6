-- Every refresh touches its session (last use, idle expiry, newest refresh expiry). With idle_expires_at indexed,
-- each touch was a non-HOT update: a new row version on another page plus an entry in every index of the table, and
-- one dead tuple per refresh until vacuum (a benchmark minute left 1,044,775 dead tuples for 258 sessions on a
-- server without autovacuum). Without that index none of the touched columns is indexed, and with room left on each
-- page (fillfactor) the touch is a HOT update that page pruning cleans up by itself: under bench/run.sh oauth2
-- refreshes/s rose from 5,689 and 5,325 to 6,761 and 6,632 (60 s runs, alternating; fillfactor 70 gave 5,011 and
-- 5,683 beside 5,021 without the change). The purge, every few minutes, finds idle-expired sessions by scanning the
-- table instead, which under MVCC holds up no refresh.
DROP INDEX session_by_idle_expiry;
ALTER TABLE session SET (fillfactor = 50);

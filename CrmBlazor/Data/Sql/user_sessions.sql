-- Users' signed-in sessions (Features/Account/Sessions): the app starts one at each sign-in, touches its
-- last_seen_at at most once per revalidation interval and revokes it on "Sign out". Not row-audited
-- (every revalidation would be an audit row): sign-outs are audited as events (session.revoked,
-- sessions.revoked_all). Rows go with their user or tenant (cascade). Row-level security comes from
-- row_level_security.sql, which the migration re-runs after this file.
GRANT SELECT, INSERT, UPDATE, DELETE ON user_sessions TO crm_app;

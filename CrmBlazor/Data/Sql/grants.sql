-- The runtime role crm_app reads and writes rows; it owns nothing and cannot change the schema.
-- Re-run at the end of every migration that adds tables, so each new table is covered.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO crm_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO crm_app;

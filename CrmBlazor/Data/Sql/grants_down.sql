-- Undoes grants.sql for the tables that remain after a migration's Down.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM crm_app;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM crm_app;

-- The maintenance jobs' record (backups, verifications, restores, purges): written by the schema owner's
-- processes, only read by the app (Admin → Data health). Global: it describes the database, not a tenant.
GRANT SELECT ON maintenance_runs TO crm_app;

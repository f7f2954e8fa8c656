-- What crm_app may not do, on top of grants.sql: the audit log is append-only, and the global
-- role list and migration history are read-only.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_logs FROM crm_app;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON roles, role_claims, "__EFMigrationsHistory" FROM crm_app;

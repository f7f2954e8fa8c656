-- Undoes app_privileges.sql on the Foundation tables, which outlive the Schema migration's Down
-- (audit_logs goes with its table). TRUNCATE was never granted (grants.sql), so it stays withheld.
GRANT INSERT, UPDATE, DELETE ON roles, role_claims, "__EFMigrationsHistory" TO crm_app;

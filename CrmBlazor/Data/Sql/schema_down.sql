-- Undoes the Schema migration's raw SQL on the tables that outlive it (the Foundation ones); the
-- tables the migration created go with their triggers, policies and indexes when EF drops them.
ALTER TABLE deal_participants DROP CONSTRAINT fk_deal_participants_company_holds_role;
DROP FUNCTION crm_find_user_for_sign_in(text);
DROP FUNCTION crm_assert_active_references() CASCADE;
DROP FUNCTION crm_assert_deal_contact_in_company() CASCADE;
DROP FUNCTION crm_assert_activity_contact_in_deal_company() CASCADE;
DROP FUNCTION crm_assert_tenant_keeps_an_owner() CASCADE;
DROP FUNCTION crm_assert_tenant_has_default_pipeline() CASCADE;
DROP FUNCTION crm_stamp_update() CASCADE;
DROP FUNCTION crm_audit_row() CASCADE;
DROP FUNCTION crm_stamp_audit_entry() CASCADE;
DROP INDEX ux_users_email;

DROP POLICY tenant_isolation ON tenants;
DROP POLICY owner_reads_all ON tenants;
DROP POLICY tenant_isolation ON users;
DROP POLICY owner_reads_all ON users;
DROP POLICY tenant_isolation ON user_roles;
DROP POLICY owner_reads_all ON user_roles;
DROP POLICY tenant_isolation ON user_claims;
DROP POLICY owner_reads_all ON user_claims;
DROP POLICY tenant_isolation ON user_logins;
DROP POLICY owner_reads_all ON user_logins;
DROP POLICY tenant_isolation ON user_tokens;
DROP POLICY owner_reads_all ON user_tokens;
ALTER TABLE tenants NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY;
ALTER TABLE users NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY;
ALTER TABLE user_roles NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY;
ALTER TABLE user_claims NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY;
ALTER TABLE user_logins NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY;
ALTER TABLE user_tokens NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY;

GRANT INSERT, UPDATE, DELETE ON roles, role_claims, "__EFMigrationsHistory" TO crm_app;

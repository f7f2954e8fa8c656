-- SUPERSEDED: not live. Undoes Schema_tenant_rules.sql: the Schema migration's Down, and TenantRules'
-- Up, which replaces it. CASCADE drops the triggers too, those on tables that outlive the Schema
-- migration's Down (users, user_roles) included.
DROP FUNCTION crm_assert_tenant_keeps_an_owner() CASCADE;
DROP FUNCTION crm_assert_tenant_has_default_pipeline() CASCADE;

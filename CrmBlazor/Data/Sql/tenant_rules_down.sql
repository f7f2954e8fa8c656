-- Undoes tenant_rules.sql. CASCADE drops the triggers too.
DROP FUNCTION crm_assert_tenant_keeps_an_owner() CASCADE;
DROP FUNCTION crm_assert_tenant_has_default_pipeline() CASCADE;

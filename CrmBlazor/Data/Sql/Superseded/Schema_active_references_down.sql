-- SUPERSEDED: not live. Undoes Schema_active_references.sql: the Schema migration's Down, and
-- TenantRules' Up, which replaces it. CASCADE drops the triggers too.
DROP FUNCTION crm_assert_active_references() CASCADE;

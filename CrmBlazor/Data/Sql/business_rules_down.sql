-- Undoes business_rules.sql: CASCADE drops the triggers too, those on tables that outlive the Schema
-- migration's Down (users, user_roles) included.
DROP FUNCTION crm_assert_active_references() CASCADE;
DROP FUNCTION crm_assert_deal_contact_in_company() CASCADE;
DROP FUNCTION crm_assert_activity_contact_in_deal_company() CASCADE;
DROP FUNCTION crm_assert_tenant_keeps_an_owner() CASCADE;
DROP FUNCTION crm_assert_tenant_has_default_pipeline() CASCADE;

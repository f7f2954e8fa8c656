-- Undoes business_rules.sql. CASCADE drops the triggers too.
DROP FUNCTION crm_assert_deal_contact_in_company() CASCADE;
DROP FUNCTION crm_assert_activity_contact_in_deal_company() CASCADE;

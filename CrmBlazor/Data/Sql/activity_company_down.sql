-- Undoes activity_company.sql: its triggers go, business_rules.sql's trigger comes back (the companies the
-- backfill filled in stay: they agree with the rule either way).
DROP TRIGGER move_activities_to_company ON deals;
DROP FUNCTION crm_move_deal_activities_to_company();
DROP TRIGGER agree_on_company ON activities;
DROP FUNCTION crm_assert_activity_company_agrees();
CREATE TRIGGER assert_contact_in_deal_company BEFORE INSERT OR UPDATE OF contact_id, deal_id ON activities
    FOR EACH ROW EXECUTE FUNCTION crm_assert_activity_contact_in_deal_company();

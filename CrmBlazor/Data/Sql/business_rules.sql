-- Rules that span rows, enforced by triggers because a CHECK constraint sees only one row.
-- The Schema migration also applied, with these, the active-reference and tenant rules; TenantRules
-- replaced them (active_references.sql, tenant_rules.sql), so Schema reads those first versions from
-- Superseded/Schema_active_references.sql and Superseded/Schema_tenant_rules.sql.

-- A deal's contact works at the deal's company, when the deal has both.
CREATE FUNCTION crm_assert_deal_contact_in_company() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.contact_id IS NOT NULL AND NEW.company_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM contacts WHERE id = NEW.contact_id AND company_id = NEW.company_id) THEN
        RAISE EXCEPTION 'the deal''s contact does not belong to the deal''s company'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_deals_contact_in_company';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER assert_contact_in_company BEFORE INSERT OR UPDATE OF contact_id, company_id ON deals
    FOR EACH ROW EXECUTE FUNCTION crm_assert_deal_contact_in_company();

-- An activity about both a deal and a contact: the contact belongs to the deal's company, if it has one.
CREATE FUNCTION crm_assert_activity_contact_in_deal_company() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    deal_company uuid;
BEGIN
    IF NEW.deal_id IS NOT NULL AND NEW.contact_id IS NOT NULL THEN
        SELECT company_id INTO deal_company FROM deals WHERE id = NEW.deal_id;
        IF deal_company IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM contacts WHERE id = NEW.contact_id AND company_id = deal_company) THEN
            RAISE EXCEPTION 'the activity''s contact does not belong to the company of its deal'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_activities_contact_in_deal_company';
        END IF;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER assert_contact_in_deal_company BEFORE INSERT OR UPDATE OF contact_id, deal_id ON activities
    FOR EACH ROW EXECUTE FUNCTION crm_assert_activity_contact_in_deal_company();

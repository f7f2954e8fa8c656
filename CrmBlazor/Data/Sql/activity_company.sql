-- An activity's company agrees with its deal's company and its contact's company. Replaces the trigger
-- assert_contact_in_deal_company (business_rules.sql), whose rule it keeps: a contact on an activity of a deal
-- with a company works there.
--
-- Existing activities with no company get the one their deal or contact gives (a company in the trash is not
-- given: the active-reference rule would refuse it). Tenant by tenant, under row-level security, audited.
DO $$
DECLARE
    tenant uuid;
BEGIN
    FOR tenant IN SELECT id FROM tenants LOOP
        PERFORM set_config('app.tenant_id', tenant::text, true);
        UPDATE activities a SET company_id = given.company_id
        FROM (SELECT a2.id, coalesce(d.company_id, c.company_id) AS company_id
              FROM activities a2
              LEFT JOIN deals d ON d.id = a2.deal_id
              LEFT JOIN contacts c ON c.id = a2.contact_id
              WHERE a2.tenant_id = tenant AND a2.company_id IS NULL) given
        WHERE a.id = given.id
          AND EXISTS (SELECT FROM companies co WHERE co.id = given.company_id AND co.deleted_at IS NULL);
    END LOOP;
    PERFORM set_config('app.tenant_id', '', true);
END $$;
ANALYZE activities;

DROP TRIGGER assert_contact_in_deal_company ON activities;

-- Derive, don't refuse: an activity logged with no company gets its deal's company, else its contact's.
-- Refused: a contact who does not work at the deal's company (ck_activities_contact_in_deal_company, as before),
-- a company other than the deal's (ck_activities_company_of_deal) or the contact's (ck_activities_company_of_contact).
-- Checked when an activity is written or its links change: a contact who later moves to another company
-- leaves their earlier activities where they happened.
CREATE FUNCTION crm_assert_activity_company_agrees() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    deal_company uuid;
    contact_company uuid;
BEGIN
    IF NEW.deal_id IS NOT NULL THEN
        SELECT company_id INTO deal_company FROM deals WHERE id = NEW.deal_id;
    END IF;
    IF NEW.contact_id IS NOT NULL THEN
        SELECT company_id INTO contact_company FROM contacts WHERE id = NEW.contact_id;
    END IF;
    IF deal_company IS NOT NULL AND NEW.contact_id IS NOT NULL AND contact_company IS DISTINCT FROM deal_company THEN
        RAISE EXCEPTION 'the activity''s contact does not belong to the company of its deal'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_activities_contact_in_deal_company';
    END IF;
    NEW.company_id := coalesce(NEW.company_id, deal_company, contact_company);
    IF deal_company IS NOT NULL AND NEW.company_id <> deal_company THEN
        RAISE EXCEPTION 'the activity''s company is not the company of its deal'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_activities_company_of_deal';
    END IF;
    IF contact_company IS NOT NULL AND NEW.company_id <> contact_company THEN
        RAISE EXCEPTION 'the activity''s company is not the company of its contact'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_activities_company_of_contact';
    END IF;
    RETURN NEW;
END $$;
-- Named to run before assert_active_references (BEFORE triggers fire in name order), which then checks a
-- derived company like a chosen one.
CREATE TRIGGER agree_on_company BEFORE INSERT OR UPDATE OF contact_id, deal_id, company_id ON activities
    FOR EACH ROW EXECUTE FUNCTION crm_assert_activity_company_agrees();

-- A deal whose company changes takes its activities along: those that had the old company (or none) and
-- whose contact, if any, works at the new one. An activity with a contact of the old company stays, and
-- db check reports it: it is about someone at a company the deal no longer is with.
CREATE FUNCTION crm_move_deal_activities_to_company() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE activities a SET company_id = NEW.company_id
    WHERE a.deal_id = NEW.id AND a.company_id IS NOT DISTINCT FROM OLD.company_id
      AND (a.contact_id IS NULL OR EXISTS (SELECT FROM contacts c WHERE c.id = a.contact_id AND c.company_id = NEW.company_id));
    RETURN NULL;
END $$;
CREATE TRIGGER move_activities_to_company AFTER UPDATE OF company_id ON deals
    FOR EACH ROW WHEN (NEW.company_id IS NOT NULL AND OLD.company_id IS DISTINCT FROM NEW.company_id)
    EXECUTE FUNCTION crm_move_deal_activities_to_company();

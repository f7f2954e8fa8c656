-- A deal's company is its primary customer. deals.company_id and the primary customer row of
-- deal_participants record one fact twice; the deal form sets the company (it is what the deal page,
-- the board's cards and the lists show), so the participants follow the deal, never the other way.
--
-- Existing deals first: each deal's company becomes its primary customer, as the trigger below would have
-- made it. Tenant by tenant, so the rows pass row-level security and are audited as the tenant's. A company
-- in the trash gets no new participant row (the active-reference rule refuses one, and db check reports the
-- deal as referring to a deleted row); a primary customer on a deal with no company is left for db check to
-- report rather than guessed at.
DO $$
DECLARE
    tenant uuid;
BEGIN
    FOR tenant IN SELECT id FROM tenants LOOP
        PERFORM set_config('app.tenant_id', tenant::text, true);
        DELETE FROM deal_participants p USING deals d
        WHERE d.id = p.deal_id AND d.tenant_id = tenant AND p.role = 'customer' AND p.is_primary AND p.company_id <> d.company_id;
        UPDATE deal_participants p SET is_primary = true FROM deals d
        WHERE d.id = p.deal_id AND d.tenant_id = tenant AND p.role = 'customer' AND p.company_id = d.company_id AND NOT p.is_primary;
        INSERT INTO deal_participants (tenant_id, deal_id, company_id, role, is_primary)
        SELECT d.tenant_id, d.id, d.company_id, 'customer', true FROM deals d
        WHERE d.tenant_id = tenant AND d.company_id IS NOT NULL
          AND EXISTS (SELECT FROM companies c WHERE c.id = d.company_id AND c.deleted_at IS NULL)
          AND NOT EXISTS (SELECT FROM deal_participants p WHERE p.deal_id = d.id AND p.role = 'customer' AND p.company_id = d.company_id);
    END LOOP;
    PERFORM set_config('app.tenant_id', '', true);
END $$;
ANALYZE deal_participants;

-- 1. At commit, the deal's company becomes its primary customer participant: a previous primary customer
--    is removed (the form replaced it; kept as a second customer it would be a company the user just took
--    off the deal), a company already taking part as a customer is made primary, otherwise one is added;
--    no company, no primary customer. Deferred so that a transaction that writes the deal and its customer
--    participant itself (the demo seeder, one SaveChanges) finds it there and adds nothing twice. Runs as the
--    invoker: the rows it writes are the tenant's, under row-level security, and audited as any others.
CREATE FUNCTION crm_make_deal_company_primary_customer() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    deal_tenant uuid;
    company uuid;
BEGIN
    -- The deal as it is at commit (several changes may have queued this), unless it was deleted since.
    SELECT tenant_id, company_id INTO deal_tenant, company FROM deals WHERE id = NEW.id;
    IF NOT FOUND OR EXISTS (SELECT FROM deal_participants
                            WHERE deal_id = NEW.id AND role = 'customer' AND is_primary AND company_id = company) THEN
        RETURN NULL;
    END IF;
    DELETE FROM deal_participants WHERE deal_id = NEW.id AND role = 'customer' AND is_primary;
    IF company IS NOT NULL THEN
        UPDATE deal_participants SET is_primary = true WHERE deal_id = NEW.id AND role = 'customer' AND company_id = company;
        IF NOT FOUND THEN
            INSERT INTO deal_participants (tenant_id, deal_id, company_id, role, is_primary)
            VALUES (deal_tenant, NEW.id, company, 'customer', true);
        END IF;
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER make_company_primary_customer AFTER INSERT OR UPDATE OF company_id ON deals
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION crm_make_deal_company_primary_customer();

-- 2. A change to the participants alone may not make the primary customer differ from the deal's company
--    (another customer made primary, the primary customer removed or made not primary, a primary customer on
--    a deal with no company). Checked at commit, after the deal's own trigger above has run for changes queued
--    before it. As the schema owner, like keep_an_owner: as the invoker, a session that switched its tenant
--    before committing would see no deal and let the rule pass.
CREATE FUNCTION crm_assert_primary_customer_is_deal_company() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    deal uuid;
    company uuid;
BEGIN
    FOR deal IN SELECT DISTINCT d FROM unnest(ARRAY[OLD.deal_id, NEW.deal_id]) d WHERE d IS NOT NULL LOOP
        SELECT company_id INTO company FROM deals WHERE id = deal;
        -- A deal deleted for good takes its participants with it: nothing left to compare.
        CONTINUE WHEN NOT FOUND;
        IF (SELECT p.company_id FROM deal_participants p WHERE p.deal_id = deal AND p.role = 'customer' AND p.is_primary)
           IS DISTINCT FROM company THEN
            RAISE EXCEPTION 'a deal''s primary customer is the deal''s company: change the company on the deal'
                USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_deals_primary_customer_is_company';
        END IF;
    END LOOP;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER primary_customer_is_deal_company AFTER INSERT OR UPDATE OR DELETE ON deal_participants
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION crm_assert_primary_customer_is_deal_company();

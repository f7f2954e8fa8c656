-- Rules that span rows, enforced by triggers because a CHECK constraint sees only one row.

-- A new or changed reference may not point at a soft-deleted parent.
-- Arguments come in pairs: referencing column, referenced table.
CREATE FUNCTION crm_assert_active_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    i int := 0;
    ref uuid;
    is_deleted boolean;
BEGIN
    WHILE i < TG_NARGS LOOP
        ref := (to_jsonb(NEW) ->> TG_ARGV[i])::uuid;
        IF ref IS NOT NULL AND (TG_OP = 'INSERT' OR ref IS DISTINCT FROM (to_jsonb(OLD) ->> TG_ARGV[i])::uuid) THEN
            EXECUTE format('SELECT deleted_at IS NOT NULL FROM %I WHERE id = $1', TG_ARGV[i + 1]) INTO is_deleted USING ref;
            IF is_deleted THEN
                RAISE EXCEPTION '%.% refers to a deleted row of %', TG_TABLE_NAME, TG_ARGV[i], TG_ARGV[i + 1]
                    USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'fk_' || TG_TABLE_NAME || '_active_' || TG_ARGV[i];
            END IF;
        END IF;
        i := i + 2;
    END LOOP;
    RETURN NEW;
END $$;

CREATE TRIGGER assert_active_references BEFORE INSERT OR UPDATE ON contacts
    FOR EACH ROW EXECUTE FUNCTION crm_assert_active_references('company_id', 'companies');
CREATE TRIGGER assert_active_references BEFORE INSERT OR UPDATE ON deals
    FOR EACH ROW EXECUTE FUNCTION crm_assert_active_references('contact_id', 'contacts', 'company_id', 'companies');
CREATE TRIGGER assert_active_references BEFORE INSERT OR UPDATE ON activities
    FOR EACH ROW EXECUTE FUNCTION crm_assert_active_references('contact_id', 'contacts', 'company_id', 'companies', 'deal_id', 'deals');
CREATE TRIGGER assert_active_references BEFORE INSERT OR UPDATE ON deal_participants
    FOR EACH ROW EXECUTE FUNCTION crm_assert_active_references('company_id', 'companies');

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

-- Once a tenant has users, at least one of them is an active Owner. Checked at commit, so a
-- transaction may hand the role over (or create a tenant and its owner) in several steps.
-- The commit-time checks run as the schema owner (SECURITY DEFINER, reading through owner_reads_all):
-- as the invoker they would see only the tenant in app.tenant_id at COMMIT, so a session that
-- switched or cleared its tenant before committing would find no rows and let the rule pass.
CREATE FUNCTION crm_assert_tenant_keeps_an_owner() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    tenant uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END;
BEGIN
    IF EXISTS (SELECT 1 FROM tenants WHERE id = tenant)
       AND EXISTS (SELECT 1 FROM users WHERE tenant_id = tenant)
       AND NOT EXISTS (
           SELECT 1 FROM users u
           JOIN user_roles ur ON ur.user_id = u.id
           JOIN roles r ON r.id = ur.role_id
           WHERE u.tenant_id = tenant AND r.normalized_name = 'OWNER' AND u.is_active AND u.deleted_at IS NULL) THEN
        RAISE EXCEPTION 'a tenant must keep at least one active Owner'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_tenant_keeps_an_owner';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER keep_an_owner AFTER INSERT OR UPDATE OR DELETE ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION crm_assert_tenant_keeps_an_owner();
CREATE CONSTRAINT TRIGGER keep_an_owner AFTER INSERT OR UPDATE OR DELETE ON user_roles
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION crm_assert_tenant_keeps_an_owner();

-- A tenant with pipelines has exactly one default: at most one by ux_pipelines_one_default,
-- at least one by this check at commit.
CREATE FUNCTION crm_assert_tenant_has_default_pipeline() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    tenant uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END;
BEGIN
    IF EXISTS (SELECT 1 FROM tenants WHERE id = tenant)
       AND EXISTS (SELECT 1 FROM pipelines WHERE tenant_id = tenant)
       AND NOT EXISTS (SELECT 1 FROM pipelines WHERE tenant_id = tenant AND is_default) THEN
        RAISE EXCEPTION 'a tenant with pipelines must have a default pipeline'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_tenant_has_default_pipeline';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER keep_a_default AFTER INSERT OR UPDATE OR DELETE ON pipelines
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION crm_assert_tenant_has_default_pipeline();

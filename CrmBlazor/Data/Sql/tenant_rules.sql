-- Every tenant has, at commit, an active Owner and a default pipeline: from the transaction that
-- creates it (registration makes tenant, Owner and pipeline together) to its deletion. Checked at
-- commit, so a transaction may hand the role over, or swap the default, in several steps.
-- The tenants triggers fire on INSERT only: an UPDATE of a tenant row can take neither away, and a
-- tenant loaded before these rules (with the triggers off) is reported by db check, not refused on
-- its next rename.
-- Checks of the same tenant's Owners run one at a time (an advisory lock on the tenant), so concurrent
-- demotions cannot both pass.
-- The commit-time checks run as the schema owner (SECURITY DEFINER, reading through owner_reads_all):
-- as the invoker they would see only the tenant in app.tenant_id at COMMIT, so a session that
-- switched or cleared its tenant before committing would find no rows and let the rule pass.

CREATE FUNCTION crm_assert_tenant_keeps_an_owner() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    tenant uuid;
BEGIN
    IF TG_TABLE_NAME = 'tenants' THEN tenant := NEW.id;
    ELSIF TG_OP = 'DELETE' THEN tenant := OLD.tenant_id;
    ELSE tenant := NEW.tenant_id;
    END IF;
    -- One check per tenant at a time, each seeing the commits before it: without this, two Owners who
    -- demote each other at the same moment each count the other still in place, and both commit. The
    -- second check waits here until the first transaction ends; its queries below then see its commit
    -- (READ COMMITTED takes a snapshot per statement). A transaction-scoped advisory lock rather than
    -- SELECT ... FOR UPDATE on the tenant row: row-level security (tenant_isolation, forced) would hide
    -- the row from the lock when the session's tenant is cleared before COMMIT, and a row lock would
    -- also hold up every insert's key check and every rename of the tenant.
    PERFORM pg_advisory_xact_lock(hashtext('crm_tenant_owners'), hashtext(tenant::text));
    -- A deleted tenant takes its users with it: nothing left to check.
    IF EXISTS (SELECT 1 FROM tenants WHERE id = tenant)
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
CREATE CONSTRAINT TRIGGER keep_an_owner AFTER INSERT ON tenants
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION crm_assert_tenant_keeps_an_owner();
CREATE CONSTRAINT TRIGGER keep_an_owner AFTER INSERT OR UPDATE OR DELETE ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION crm_assert_tenant_keeps_an_owner();
CREATE CONSTRAINT TRIGGER keep_an_owner AFTER INSERT OR UPDATE OR DELETE ON user_roles
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION crm_assert_tenant_keeps_an_owner();

-- Exactly one default pipeline: at most one by ux_pipelines_one_default, at least one by this check.
-- A new tenant's default pipeline also has its won and lost stages (stage_order.sql keeps them from
-- then on), so its board can close deals from the first day.
CREATE FUNCTION crm_assert_tenant_has_default_pipeline() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    tenant uuid;
BEGIN
    IF TG_TABLE_NAME = 'tenants' THEN tenant := NEW.id;
    ELSIF TG_OP = 'DELETE' THEN tenant := OLD.tenant_id;
    ELSE tenant := NEW.tenant_id;
    END IF;
    IF EXISTS (SELECT 1 FROM tenants WHERE id = tenant)
       AND NOT EXISTS (
           SELECT 1 FROM pipelines p
           WHERE p.tenant_id = tenant AND p.is_default
             AND (TG_TABLE_NAME <> 'tenants'
                  OR (EXISTS (SELECT 1 FROM pipeline_stages s WHERE s.pipeline_id = p.id AND s.kind = 'won')
                      AND EXISTS (SELECT 1 FROM pipeline_stages s WHERE s.pipeline_id = p.id AND s.kind = 'lost')))) THEN
        RAISE EXCEPTION '%', CASE WHEN TG_TABLE_NAME = 'tenants'
                                  THEN 'a new tenant needs a default pipeline with a won and a lost stage'
                                  ELSE 'a tenant must keep a default pipeline' END
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_tenant_has_default_pipeline';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER keep_a_default AFTER INSERT ON tenants
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION crm_assert_tenant_has_default_pipeline();
CREATE CONSTRAINT TRIGGER keep_a_default AFTER INSERT OR UPDATE OR DELETE ON pipelines
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION crm_assert_tenant_has_default_pipeline();

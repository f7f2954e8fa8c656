-- SUPERSEDED: not live. The owner and default-pipeline rules as the Schema migration made them (they
-- were part of business_rules.sql): they skipped tenants with no users or no pipelines. TenantRules
-- replaced them with tenant_rules.sql; its Down re-creates these from this file. Do not edit its
-- statements: both migrations must keep producing the schema they produced.

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

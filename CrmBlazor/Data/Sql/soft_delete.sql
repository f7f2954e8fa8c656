-- Soft delete, enforced: crm_app hides contacts, companies, deals and activities (deleted_at) but never
-- removes one, and never its own tenants row (whose delete would cascade through the whole tenant).
-- A revoke rather than a BEFORE DELETE trigger: it also covers TRUNCATE (which fires no row trigger),
-- costs nothing per row, and the refusal is PostgreSQL's own "permission denied" (42501). Rows leave
-- only through the schema owner: crm_purge_trash (the nightly maintenance runner), crm_delete_forever
-- below (the Owner's "Delete forever" in the trash) or a hand-run statement.
-- grants.sql grants DELETE on every table: a migration that re-runs it must run this revoke again
-- (SoftDeleteEnforcedTests and db check's "hard deletes allowed to the app" catch a forgotten one).
REVOKE DELETE, TRUNCATE ON contacts, companies, deals, activities, tenants FROM crm_app;

-- The trash's "Delete forever": removes the given records of the session's tenant that are in the trash
-- (deleted_at set), children first, in the caller's transaction, and returns how many went; a record
-- restored or already gone meanwhile is not removed and not counted, so the caller compares the count
-- with what it asked for. Only an active Owner of the session's tenant may (the service checks the same
-- first). SECURITY DEFINER because crm_app may not DELETE these tables; the deletes still pass the
-- tenant_isolation policy (forced for the owner too) under the session's app.tenant_id, so the audit
-- triggers record each removed row under its tenant and user, as any delete, and one trash.delete_forever
-- event counts them, as crm_purge_trash's trash.purge does. A company still taking part in a deal is
-- refused by fk_deal_participants_company_holds_role (the service says which deal first).
CREATE FUNCTION crm_delete_forever(activity_ids uuid[], deal_ids uuid[], contact_ids uuid[], company_ids uuid[])
    RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    tenant uuid := NULLIF(current_setting('app.tenant_id', true), '')::uuid;
    acting uuid := NULLIF(current_setting('app.user_id', true), '')::uuid;
    activities_removed integer;
    deals_removed integer;
    contacts_removed integer;
    companies_removed integer;
BEGIN
    IF tenant IS NULL OR acting IS NULL OR NOT EXISTS (
        SELECT 1 FROM users u
        JOIN user_roles ur ON ur.user_id = u.id
        JOIN roles r ON r.id = ur.role_id
        WHERE u.id = acting AND u.tenant_id = tenant AND r.normalized_name = 'OWNER'
          AND u.is_active AND u.deleted_at IS NULL) THEN
        RAISE EXCEPTION 'only an active Owner of the organization may delete records forever'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    DELETE FROM activities WHERE tenant_id = tenant AND id = ANY (activity_ids) AND deleted_at IS NOT NULL;
    GET DIAGNOSTICS activities_removed = ROW_COUNT;
    DELETE FROM deals WHERE tenant_id = tenant AND id = ANY (deal_ids) AND deleted_at IS NOT NULL;
    GET DIAGNOSTICS deals_removed = ROW_COUNT;
    DELETE FROM contacts WHERE tenant_id = tenant AND id = ANY (contact_ids) AND deleted_at IS NOT NULL;
    GET DIAGNOSTICS contacts_removed = ROW_COUNT;
    DELETE FROM companies WHERE tenant_id = tenant AND id = ANY (company_ids) AND deleted_at IS NOT NULL;
    GET DIAGNOSTICS companies_removed = ROW_COUNT;
    IF activities_removed + deals_removed + contacts_removed + companies_removed > 0 THEN
        INSERT INTO audit_logs (tenant_id, action, event, new_data)
        VALUES (tenant, 'event', 'trash.delete_forever', jsonb_build_object(
            'activities', activities_removed, 'deals', deals_removed, 'contacts', contacts_removed, 'companies', companies_removed));
    END IF;
    RETURN activities_removed + deals_removed + contacts_removed + companies_removed;
END $$;
REVOKE EXECUTE ON FUNCTION crm_delete_forever(uuid[], uuid[], uuid[], uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_delete_forever(uuid[], uuid[], uuid[], uuid[]) TO crm_app;

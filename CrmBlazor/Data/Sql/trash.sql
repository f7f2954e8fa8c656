-- The trash: deleted contacts, companies, deals and activities keep their row (deleted_at set) and
-- can be restored for a window (TrashWindow.Days in the app, 30 days); crm_purge_trash then removes
-- them for good. The nightly runner calls it as the schema owner; crm_app may not (EXECUTE revoked).
--
-- Not SECURITY DEFINER: only the owner runs it, as itself. Row-level security is forced for the owner
-- too, and its owner_reads_all policy only reads, so each tenant's deletes run with app.tenant_id set
-- to that tenant (local to the transaction); the audit triggers then record every deleted row under
-- its own tenant, as any delete. The setting the caller had is put back at the end.
--
-- Children go before parents: a purged parent's live children keep their row and lose the link
-- (the same-tenant keys are ON DELETE SET NULL, foreign_keys.sql); tags, roles and participants of a
-- purged row go with it (ON DELETE CASCADE). A company that still takes part in a deal as principal or
-- distributor is kept (fk_deal_participants_company_holds_role would refuse): it goes in the first
-- purge after that deal is purged or no longer names it.
CREATE FUNCTION crm_purge_trash(older_than interval DEFAULT '30 days') RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    cutoff timestamptz := now() - older_than;
    callers_tenant text := current_setting('app.tenant_id', true);
    tenant uuid;
    activities_purged bigint;
    deals_purged bigint;
    contacts_purged bigint;
    companies_purged bigint;
    total bigint := 0;
BEGIN
    IF older_than < interval '0' THEN
        RAISE EXCEPTION 'crm_purge_trash: older_than must not be negative (got %)', older_than
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR tenant IN SELECT id FROM tenants ORDER BY id LOOP
        PERFORM set_config('app.tenant_id', tenant::text, true);
        DELETE FROM activities WHERE tenant_id = tenant AND deleted_at < cutoff;
        GET DIAGNOSTICS activities_purged = ROW_COUNT;
        DELETE FROM deals WHERE tenant_id = tenant AND deleted_at < cutoff;
        GET DIAGNOSTICS deals_purged = ROW_COUNT;
        DELETE FROM contacts WHERE tenant_id = tenant AND deleted_at < cutoff;
        GET DIAGNOSTICS contacts_purged = ROW_COUNT;
        DELETE FROM companies c WHERE c.tenant_id = tenant AND c.deleted_at < cutoff
            AND NOT EXISTS (SELECT FROM deal_participants p WHERE p.tenant_id = tenant AND p.company_id = c.id);
        GET DIAGNOSTICS companies_purged = ROW_COUNT;
        -- A tenant with nothing to purge gets no event: the log would fill with empty nights.
        IF activities_purged + deals_purged + contacts_purged + companies_purged > 0 THEN
            INSERT INTO audit_logs (tenant_id, action, event, new_data)
            VALUES (tenant, 'event', 'trash.purge', jsonb_build_object(
                'older_than', older_than::text, 'activities', activities_purged, 'deals', deals_purged,
                'contacts', contacts_purged, 'companies', companies_purged));
        END IF;
        total := total + activities_purged + deals_purged + contacts_purged + companies_purged;
    END LOOP;
    PERFORM set_config('app.tenant_id', coalesce(callers_tenant, ''), true);
    RETURN total;
END $$;

REVOKE EXECUTE ON FUNCTION crm_purge_trash(interval) FROM PUBLIC;

-- Audit events the database records itself, so that no path of the app can skip them.

-- A password set or changed, by any path (the user's own change, an invitation accepted, a reset):
-- the row trigger records nothing, because password_hash is a hidden column and nothing else of the
-- row need change. Runs as the acting session, like crm_audit_row: the entry passes the same
-- row-level security as the update. detail says whether a password was there before.
CREATE FUNCTION crm_audit_password_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_logs (tenant_id, table_name, record_id, action, event, new_data)
    VALUES (NEW.tenant_id, 'users', NEW.id, 'event', 'password.change',
            jsonb_build_object('detail', CASE WHEN OLD.password_hash IS NULL THEN 'set' ELSE 'changed' END));
    RETURN NULL;
END $$;
CREATE TRIGGER audit_password_change AFTER UPDATE OF password_hash ON users
    FOR EACH ROW WHEN (OLD.password_hash IS DISTINCT FROM NEW.password_hash)
    EXECUTE FUNCTION crm_audit_password_change();

-- Attempts to sign in with an email no user has belong to no tenant. They go to the audit log's
-- no-tenant bucket: tenant_id is the nil uuid, which no tenant may have (ck_tenants_id_not_nil), so
-- row-level security shows them to no tenant's session (no admin reads them, crm_audit_search does
-- not return them) and the owner's owner_reads_all shows them to the operator. crm_purge_audit walks
-- the tenants and leaves them; login.failed is a security event, kept for good anyway.
-- SECURITY DEFINER so that crm_app, which never acts for the nil tenant, may file just this one kind
-- of row there: it acts as the bucket for the one insert, transaction-locally, and gives the caller's
-- tenant back. The entry stamp adds the session's address and user agent.
CREATE FUNCTION crm_record_sign_in_failure(email text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    caller_tenant text := current_setting('app.tenant_id', true);
BEGIN
    PERFORM set_config('app.tenant_id', '00000000-0000-0000-0000-000000000000', true);
    INSERT INTO audit_logs (tenant_id, table_name, action, event, new_data)
    VALUES ('00000000-0000-0000-0000-000000000000', 'users', 'event', 'login.failed',
            jsonb_build_object('detail', 'unknown_email', 'email', left(email, 256)));
    PERFORM set_config('app.tenant_id', coalesce(caller_tenant, ''), true);
END $$;
REVOKE EXECUTE ON FUNCTION crm_record_sign_in_failure(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_record_sign_in_failure(text) TO crm_app;

-- The bucket is no tenant's.
ALTER TABLE tenants ADD CONSTRAINT ck_tenants_id_not_nil CHECK (id <> '00000000-0000-0000-0000-000000000000') NOT VALID;
ALTER TABLE tenants VALIDATE CONSTRAINT ck_tenants_id_not_nil;

-- A load that writes rows with the row triggers off (the bench's generators, an operator's restore by
-- hand) records what it wrote as one bulk.load event in the acting tenant: the tables, and a note. It
-- is those rows' audit, as an import job's events are its records' ("rows with no audit trail" in
-- ./crm db check counts rows created up to such an event as covered). The owner's, run in the load's
-- transaction with the tenant set; crm_app may not (EXECUTE revoked): it cannot turn triggers off.
CREATE FUNCTION crm_record_bulk_load(tables text[], note text) RETURNS void LANGUAGE sql AS $$
    INSERT INTO audit_logs (action, event, new_data)
    VALUES ('event', 'bulk.load', jsonb_build_object(
        'tables', to_jsonb(tables), 'detail', format('%s (triggers off for %s)', note, array_to_string(tables, ', '))));
$$;
REVOKE EXECUTE ON FUNCTION crm_record_bulk_load(text[], text) FROM PUBLIC;

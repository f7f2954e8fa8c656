-- Audit retention: each tenant keeps its audit rows for audit_retention_years (1–10, the Owner's
-- choice); older ones are removed monthly by the maintenance runner (crm_purge_audit), except the
-- kinds kept for good: deletions (what was removed, and by whom), security events and role changes.

-- The security events: the one list of them (the purge keeps them; the audit log may filter on it).
-- Sign-ins and their failures, lockouts, sign-outs, refusals, password changes, everything done to
-- a user (invitations, role changes, deactivation), registration, API keys and rate limiting.
CREATE FUNCTION crm_is_security_event(event text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT event IN ('login', 'login.failed', 'lockout', 'logout', 'permission.denied', 'password.change', 'tenant.register')
        OR event LIKE 'user.%' OR event LIKE 'api\_key.%' OR event LIKE 'rate\_limit.%'
$$;

-- Removes every tenant's audit rows older than its retention, in batches of BATCH_SIZE rows, one
-- DELETE per batch, and writes one audit.retention_purge event per tenant that lost rows, with the
-- count. Returns the number of rows removed. Not SECURITY DEFINER and not executable by crm_app:
-- only the schema owner runs it (the maintenance runner). Row-level security is forced for the owner
-- too, so it acts as each tenant in turn (transaction-local), and gives back the caller's setting.
CREATE FUNCTION crm_purge_audit(batch_size integer DEFAULT 10000) RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
    caller_tenant text := current_setting('app.tenant_id', true);
    tenant record;
    cutoff timestamptz;
    removed bigint;
    batch bigint;
    total bigint := 0;
BEGIN
    IF batch_size IS NULL OR batch_size < 1 THEN
        RAISE EXCEPTION 'batch_size must be at least 1, not %', batch_size USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR tenant IN SELECT id, audit_retention_years FROM tenants ORDER BY id LOOP
        PERFORM set_config('app.tenant_id', tenant.id::text, true);
        cutoff := now() - make_interval(years => tenant.audit_retention_years);
        removed := 0;
        LOOP
            DELETE FROM audit_logs WHERE id IN (
                SELECT l.id FROM audit_logs l
                WHERE l.tenant_id = tenant.id AND l.changed_at < cutoff
                  AND l.action <> 'delete'
                  AND l.table_name IS DISTINCT FROM 'user_roles'
                  AND NOT (l.action = 'event' AND crm_is_security_event(l.event))
                LIMIT batch_size);
            GET DIAGNOSTICS batch = ROW_COUNT;
            removed := removed + batch;
            EXIT WHEN batch < batch_size;
        END LOOP;
        IF removed > 0 THEN
            INSERT INTO audit_logs (tenant_id, table_name, action, event, new_data)
            VALUES (tenant.id, 'audit_logs', 'event', 'audit.retention_purge',
                    jsonb_build_object('removed', removed, 'before', cutoff, 'retention_years', tenant.audit_retention_years));
        END IF;
        total := total + removed;
    END LOOP;
    PERFORM set_config('app.tenant_id', coalesce(caller_tenant, ''), true);
    RETURN total;
END $$;
REVOKE EXECUTE ON FUNCTION crm_purge_audit(integer) FROM PUBLIC;

-- Only an active Owner of the tenant may change its retention (the service checks the same first).
-- A session with no user may only when it is the schema owner's: the maintenance runner, a migration.
CREATE FUNCTION crm_assert_retention_set_by_owner() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    acting uuid := NULLIF(current_setting('app.user_id', true), '')::uuid;
BEGIN
    IF acting IS NULL THEN
        IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
            RETURN NEW;
        END IF;
    ELSIF EXISTS (
        SELECT 1 FROM users u
        JOIN user_roles ur ON ur.user_id = u.id
        JOIN roles r ON r.id = ur.role_id
        WHERE u.id = acting AND u.tenant_id = NEW.id AND r.normalized_name = 'OWNER'
          AND u.is_active AND u.deleted_at IS NULL) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'only an active Owner of the organization may change how long its audit log is kept'
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER retention_set_by_owner BEFORE UPDATE OF audit_retention_years ON tenants
    FOR EACH ROW WHEN (OLD.audit_retention_years IS DISTINCT FROM NEW.audit_retention_years)
    EXECUTE FUNCTION crm_assert_retention_set_by_owner();

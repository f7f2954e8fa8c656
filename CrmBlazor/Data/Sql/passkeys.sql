-- Passkeys (user_passkeys, Identity's table with a tenant_id like its other per-user tables) and the
-- tenant setting that requires a second factor.
--
-- A passkey sign-in starts from the credential the browser picked, with no email and so no tenant,
-- while row-level security hides every passkey from a session without one. This function is the one
-- narrow way through, like crm_find_user_for_sign_in: it runs as the schema owner, takes one exact
-- credential id and returns at most one (user, tenant) pair and nothing else. The sign-in then checks
-- the credential's signature acting for that tenant.
CREATE FUNCTION crm_find_user_for_passkey(credential_id bytea)
RETURNS TABLE (user_id uuid, tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT p.user_id, p.tenant_id FROM user_passkeys p
    WHERE p.credential_id = crm_find_user_for_passkey.credential_id
    LIMIT 1
$$;
REVOKE EXECUTE ON FUNCTION crm_find_user_for_passkey(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_find_user_for_passkey(bytea) TO crm_app;

GRANT SELECT, INSERT, UPDATE, DELETE ON user_passkeys TO crm_app;
-- Added and removed passkeys are audited like the user's other Identity rows; the key material is left out.
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON user_passkeys FOR EACH ROW EXECUTE FUNCTION crm_audit_row('user_id', 'data');

-- Only an active Owner of the tenant changes whether it requires two-factor sign-in (the service
-- checks the same first); with no user set, only a session of the schema owner, as for retention.sql.
CREATE FUNCTION crm_assert_two_factor_set_by_owner() RETURNS trigger LANGUAGE plpgsql AS $$
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
    RAISE EXCEPTION 'only an active Owner of the organization may require two-factor sign-in'
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER two_factor_set_by_owner BEFORE UPDATE OF require_two_factor ON tenants
    FOR EACH ROW WHEN (OLD.require_two_factor IS DISTINCT FROM NEW.require_two_factor)
    EXECUTE FUNCTION crm_assert_two_factor_set_by_owner();

-- Every user holds exactly one role: at most one by ux_user_roles_user_id (EF's), at least one by the
-- check below at commit, so an invitation writes the user and their role in one transaction and a
-- role change may remove the old role before adding the new one.
--
-- Existing users are put right first, tenant by tenant (so the writes pass row-level security and
-- are audited as the tenant's): of several roles the strongest is kept (an Owner stays an Owner, which
-- the owner rule needs); a user with none becomes a Member, the least a signed-in user is elsewhere.
DO $$
DECLARE
    tenant uuid;
BEGIN
    FOR tenant IN SELECT id FROM tenants LOOP
        PERFORM set_config('app.tenant_id', tenant::text, true);
        DELETE FROM user_roles ur
        USING (SELECT x.user_id, x.role_id,
                      row_number() OVER (PARTITION BY x.user_id
                                         ORDER BY array_position(ARRAY['OWNER', 'ADMIN', 'MEMBER', 'VIEWER'], r.normalized_name::text), r.name) AS strength
               FROM user_roles x JOIN roles r ON r.id = x.role_id
               WHERE x.tenant_id = tenant) ranked
        WHERE ur.user_id = ranked.user_id AND ur.role_id = ranked.role_id AND ranked.strength > 1;
        INSERT INTO user_roles (user_id, role_id, tenant_id)
        SELECT u.id, r.id, tenant FROM users u CROSS JOIN roles r
        WHERE u.tenant_id = tenant AND r.normalized_name = 'MEMBER'
          AND NOT EXISTS (SELECT FROM user_roles ur WHERE ur.user_id = u.id);
    END LOOP;
    PERFORM set_config('app.tenant_id', '', true);
END $$;

-- As the owner, for the reason tenant_rules.sql gives: at COMMIT the session may act for another tenant.
CREATE FUNCTION crm_assert_user_has_a_role() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    member uuid;
BEGIN
    IF TG_TABLE_NAME = 'users' THEN member := NEW.id; ELSE member := OLD.user_id; END IF;
    -- A deleted user takes their role with them: nothing left to check.
    IF EXISTS (SELECT 1 FROM users WHERE id = member)
       AND NOT EXISTS (SELECT 1 FROM user_roles WHERE user_id = member) THEN
        RAISE EXCEPTION 'every user must have a role'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_user_has_a_role';
    END IF;
    RETURN NULL;
END $$;
-- Named to fire after keep_an_owner on the same row: taking the last Owner's role says "keep an Owner" first.
CREATE CONSTRAINT TRIGGER user_keeps_a_role AFTER INSERT ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION crm_assert_user_has_a_role();
CREATE CONSTRAINT TRIGGER user_keeps_a_role AFTER UPDATE OF user_id OR DELETE ON user_roles
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION crm_assert_user_has_a_role();

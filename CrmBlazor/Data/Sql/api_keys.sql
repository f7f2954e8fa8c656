-- The public API's keys. A request names no tenant: its bearer key does. Finding the key is the one
-- lookup made before the tenant is known, so, like crm_find_user_for_sign_in, it is a narrow
-- SECURITY DEFINER function: it takes the hash of one presented key and returns at most that key's
-- row and its creator's standing, nothing else. The key then acts for its tenant as its creator.
CREATE FUNCTION crm_find_api_key(presented_hash text)
RETURNS TABLE (key_id uuid, tenant_id uuid, user_id uuid, role_name text, user_active boolean,
               scopes text[], expires_at timestamptz, revoked_at timestamptz, last_used_at timestamptz, prefix text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT k.id, k.tenant_id, k.created_by, r.name, (u.is_active AND u.deleted_at IS NULL),
           k.scopes, k.expires_at, k.revoked_at, k.last_used_at, k.prefix
    FROM api_keys k
    LEFT JOIN users u ON u.id = k.created_by AND u.tenant_id = k.tenant_id
    LEFT JOIN user_roles ur ON ur.user_id = u.id
    LEFT JOIN roles r ON r.id = ur.role_id
    WHERE k.key_hash = presented_hash
    LIMIT 1
$$;
REVOKE EXECUTE ON FUNCTION crm_find_api_key(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_find_api_key(text) TO crm_app;

-- Scopes name a record type and an access: 'contacts:read', 'deals:write' (write includes read).
ALTER TABLE api_keys ADD CONSTRAINT ck_api_keys_scopes CHECK (
    cardinality(scopes) > 0 AND
    scopes <@ ARRAY['contacts:read', 'contacts:write', 'companies:read', 'companies:write', 'deals:read', 'deals:write',
                    'activities:read', 'activities:write', 'tags:read', 'tags:write', 'pipelines:read', 'pipelines:write']::text[]);
ALTER TABLE api_keys ADD CONSTRAINT ck_api_keys_key_hash CHECK (key_hash ~ '^[0-9a-f]{64}$');

-- The API lists records oldest-first or by last change with keyset paging: these keep a page one index range scan at a million rows.
CREATE INDEX ix_contacts_live_by_created ON contacts (tenant_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX ix_contacts_live_by_updated ON contacts (tenant_id, updated_at, id) WHERE deleted_at IS NULL;

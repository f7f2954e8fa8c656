-- The app's IDistributedCache (Features/CircuitState/PostgresDistributedCache.cs): today only Blazor's persisted
-- circuit state, so that a circuit paused or evicted on one node resumes on another. Not tenant data: an entry is
-- one circuit's page state, addressed by the SHA-256 of its cache key (Blazor's circuit secret, which only the
-- circuit's browser holds) and encrypted by the app with its data protection keys, bound to that hash. So no
-- tenant_id and no tenant policy: the entry is found by knowing the secret, not by the session's tenant (and
-- Blazor persists an evicted circuit on a background thread, where no tenant is set).
-- crm_app may not touch the table itself: it may only get, set, refresh and remove one entry whose hash it
-- presents, and purge expired ones, through the functions below (SECURITY DEFINER). A compromised app session
-- can therefore not list entries, nor read or overwrite one whose secret it does not know. Row-level security is
-- on and forced with a policy for the owner only, so even a GRANT on every table (grants.sql) gives crm_app nothing.
CREATE TABLE cache_entries (
    key_hash bytea PRIMARY KEY CONSTRAINT ck_cache_entries_key_hash CHECK (octet_length(key_hash) = 32),
    value bytea NOT NULL,
    expires_at timestamptz NOT NULL,
    sliding_seconds integer CONSTRAINT ck_cache_entries_sliding_seconds CHECK (sliding_seconds > 0),
    absolute_expires_at timestamptz
);
CREATE INDEX ix_cache_entries_expires_at ON cache_entries (expires_at);

ALTER TABLE cache_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE cache_entries FORCE ROW LEVEL SECURITY;
CREATE POLICY owner_keeps_cache_entries ON cache_entries FOR ALL TO CURRENT_USER USING (true) WITH CHECK (true);
REVOKE ALL ON cache_entries FROM crm_app;

-- The entry's value if it has not expired; a sliding entry's expiry moves on (never past its absolute one).
CREATE FUNCTION crm_cache_touch(presented_hash bytea) RETURNS bytea
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    UPDATE cache_entries
    SET expires_at = CASE WHEN sliding_seconds IS NULL THEN expires_at
                          ELSE least(now() + make_interval(secs => sliding_seconds), coalesce(absolute_expires_at, 'infinity')) END
    WHERE key_hash = presented_hash AND expires_at > now()
    RETURNING value
$$;

CREATE FUNCTION crm_cache_set(presented_hash bytea, new_value bytea, new_expires_at timestamptz,
                              new_sliding_seconds integer, new_absolute_expires_at timestamptz) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    INSERT INTO cache_entries (key_hash, value, expires_at, sliding_seconds, absolute_expires_at)
    VALUES (presented_hash, new_value, new_expires_at, new_sliding_seconds, new_absolute_expires_at)
    ON CONFLICT (key_hash) DO UPDATE
    SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at,
        sliding_seconds = EXCLUDED.sliding_seconds, absolute_expires_at = EXCLUDED.absolute_expires_at
$$;

CREATE FUNCTION crm_cache_remove(presented_hash bytea) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    DELETE FROM cache_entries WHERE key_hash = presented_hash
$$;

-- Removes up to batch_size expired entries and says how many; every node calls it now and then.
CREATE FUNCTION crm_cache_purge_expired(batch_size integer) RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    WITH expired AS (
        SELECT key_hash FROM cache_entries WHERE expires_at <= now()
        ORDER BY expires_at LIMIT batch_size FOR UPDATE SKIP LOCKED),
    removed AS (
        DELETE FROM cache_entries c USING expired e WHERE c.key_hash = e.key_hash RETURNING 1)
    SELECT count(*)::integer FROM removed
$$;

REVOKE EXECUTE ON FUNCTION crm_cache_touch(bytea), crm_cache_set(bytea, bytea, timestamptz, integer, timestamptz),
    crm_cache_remove(bytea), crm_cache_purge_expired(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_cache_touch(bytea), crm_cache_set(bytea, bytea, timestamptz, integer, timestamptz),
    crm_cache_remove(bytea), crm_cache_purge_expired(integer) TO crm_app;

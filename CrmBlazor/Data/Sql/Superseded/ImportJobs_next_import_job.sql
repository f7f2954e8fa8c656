-- SUPERSEDED: not live. crm_next_import_job as the ImportJobs migration made it (cut out of import.sql, which
-- ImportJobs applies right before this file: the same objects): a runner held its job by a session advisory lock
-- on its own connection, which a transaction-mode pooler (PgBouncer) cannot keep, and a job whose runner died was
-- failed. ImportLeases replaced it with import_leases.sql (a lease in the job's row; a dead runner's job is taken
-- over); its Down re-creates this one from this file. Do not edit its statements: both migrations must keep
-- producing the schema they produced.

-- The next job a runner may run, for runners that do not know its tenant yet (every tenant's queued
-- jobs, which crm_app cannot see without one). A job is queued while it is validating or importing;
-- the runner that gets it holds a session advisory lock on it for as long as it runs it, so no two
-- sessions (nodes) get the same job, and a job whose runner died (its session, and so the lock, gone)
-- is returned again with was_claimed = true: the runner then marks it failed (its write transaction
-- died with its session). A completed job whose records still wait for search (search_pending) is
-- returned too once its runner has left it for a minute (import_bulk_writes.sql): indexing them again
-- from the start is harmless. Returns only ids, the acting user and role, and the lock key: the runner
-- does everything else as that tenant and user under row-level security.
CREATE FUNCTION crm_next_import_job()
RETURNS TABLE (job_id uuid, tenant_id uuid, user_id uuid, user_role text, status text, was_claimed boolean, lock_key bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    candidate record;
    key bigint;
BEGIN
    FOR candidate IN
        SELECT j.id FROM import_jobs j
        WHERE j.status IN ('validating', 'importing') OR (j.search_pending AND j.updated_at < now() - interval '1 minute')
        ORDER BY j.updated_at LIMIT 100
    LOOP
        key := ('x' || left(replace(candidate.id::text, '-', ''), 16))::bit(64)::bigint;
        CONTINUE WHEN NOT pg_try_advisory_lock(key);
        -- Read again under the lock: the runner that held it may have finished the job just before.
        RETURN QUERY
            SELECT j.id, j.tenant_id, j.created_by, r.name::text, j.status::text, j.claimed_by IS NOT NULL, key
            FROM import_jobs j
            LEFT JOIN user_roles ur ON ur.user_id = j.created_by
            LEFT JOIN roles r ON r.id = ur.role_id
            WHERE j.id = candidate.id AND (j.status IN ('validating', 'importing') OR j.search_pending)
            LIMIT 1;
        IF FOUND THEN RETURN; END IF;
        PERFORM pg_advisory_unlock(key);
    END LOOP;
END $$;
REVOKE EXECUTE ON FUNCTION crm_next_import_job() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_next_import_job() TO crm_app;

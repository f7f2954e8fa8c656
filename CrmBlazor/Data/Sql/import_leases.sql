-- Import runners hold a job by a lease written in its row, not by a lock kept on a connection: behind a
-- transaction-mode pooler (PgBouncer) a session advisory lock lands on whichever server connection served
-- that transaction, and its unlock may go to another, so the app keeps nothing on its connections.
--
-- A runner claims a job with crm_next_import_job(runner, lease): claimed_by := its name, lease_until :=
-- now() + lease, claims + 1. It renews lease_until while it runs the job (every third of the lease, WHERE
-- claimed_by is still its name) and writes the job's state only while claimed_by names it. A job is
-- claimable while it is queued (validating or importing) or its created records wait for search
-- (search_pending), and no lease holds it: never claimed, released, or its lease ran out because its
-- runner died or stalled. The next runner then takes it over and runs it again: the read phase starts
-- again from its first row, and the write phase, one transaction that died with its runner, from the start.
--
-- The claim is one UPDATE over a SELECT … FOR UPDATE SKIP LOCKED, so two runners never claim one job, and
-- a job's row locked by anyone is skipped. The phases lock their job's row FOR KEY SHARE in each of their
-- transactions, after checking that claimed_by still names them: while a write transaction lives (a runner
-- that stalled mid-write, or whose session the server has not ended yet), its job cannot be claimed, even
-- with its lease run out, and the runner's renewals, progress and cancels (updates of other columns) are
-- not held up by it.
--
-- Only ids, the acting user and role, and the claim count come back: the runner does everything else as
-- that tenant and user under row-level security. The owner may update a tenant's rows only while acting
-- for it (row-level security is forced on the owner too), so the claim sets app.tenant_id to each
-- candidate's tenant, local to the transaction, and gives the caller's value back.
DROP FUNCTION crm_next_import_job();
CREATE FUNCTION crm_next_import_job(runner text, lease interval)
RETURNS TABLE (job_id uuid, tenant_id uuid, user_id uuid, user_role text, claims integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    callers_tenant text := current_setting('app.tenant_id', true);
    candidate record;
    claimed uuid;
BEGIN
    IF coalesce(btrim(runner), '') = '' OR lease IS NULL OR lease <= interval '0' THEN
        RAISE EXCEPTION 'a runner claims an import job with its name and a positive lease' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR candidate IN
        SELECT j.id, j.tenant_id FROM import_jobs j
        WHERE (j.status IN ('validating', 'importing') OR j.search_pending) AND (j.lease_until IS NULL OR j.lease_until < now())
        ORDER BY j.updated_at LIMIT 100
    LOOP
        PERFORM set_config('app.tenant_id', candidate.tenant_id::text, true);
        -- FOR UPDATE re-reads the row once locked: a runner that finished the job or renewed its lease
        -- since the candidates were read keeps it.
        UPDATE import_jobs j
        SET claimed_by = runner, claimed_at = now(), lease_until = now() + lease, claims = j.claims + 1
        WHERE j.id IN (SELECT c.id FROM import_jobs c
                       WHERE c.id = candidate.id
                         AND (c.status IN ('validating', 'importing') OR c.search_pending)
                         AND (c.lease_until IS NULL OR c.lease_until < now())
                       FOR UPDATE SKIP LOCKED)
        RETURNING j.id INTO claimed;
        EXIT WHEN claimed IS NOT NULL;
    END LOOP;
    PERFORM set_config('app.tenant_id', coalesce(callers_tenant, ''), true);
    RETURN QUERY
        SELECT j.id, j.tenant_id, j.created_by, r.name::text, j.claims
        FROM import_jobs j
        LEFT JOIN user_roles ur ON ur.user_id = j.created_by
        LEFT JOIN roles r ON r.id = ur.role_id
        WHERE j.id = claimed
        LIMIT 1;
END $$;
REVOKE EXECUTE ON FUNCTION crm_next_import_job(text, interval) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_next_import_job(text, interval) TO crm_app;

-- Renewing a lease is not a change anyone made to the job: the row audit leaves lease_until out, so a
-- renewal (which moves only it and the stamps) writes no audit row; claims and the job's progress still
-- do. audit.sql keeps the trigger as Schema made it; this is its live definition.
DROP TRIGGER audit_row ON import_jobs;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON import_jobs
    FOR EACH ROW EXECUTE FUNCTION crm_audit_row('id', 'lease_until');

-- Rules across a pipeline's stages, checked at commit (a reorder or a kind change rewrites several
-- rows, and the order holds only once all are written). The app checks both first and says why.
--
-- Existing pipelines are put in that order first: open stages, then the others, each in their order.
-- Tenant by tenant, so the rewrite passes row-level security and is audited as the tenant's.
DO $$
DECLARE
    tenant uuid;
BEGIN
    FOR tenant IN SELECT id FROM tenants LOOP
        PERFORM set_config('app.tenant_id', tenant::text, true);
        UPDATE pipeline_stages s SET position = o.position
        FROM (SELECT id, row_number() OVER (PARTITION BY pipeline_id ORDER BY kind <> 'open', position) - 1 AS position
              FROM pipeline_stages WHERE tenant_id = tenant) o
        WHERE s.id = o.id AND s.position <> o.position;
    END LOOP;
    PERFORM set_config('app.tenant_id', '', true);
END $$;

-- 1. A pipeline keeps at least one won and one lost stage once it has one: deleting the last, or
--    changing its kind, is refused. (A pipeline deleted with its stages is no longer checked.)
CREATE FUNCTION crm_assert_pipeline_keeps_won_and_lost() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.kind IN ('won', 'lost')
       AND EXISTS (SELECT FROM pipelines WHERE id = OLD.pipeline_id)
       AND NOT EXISTS (SELECT FROM pipeline_stages WHERE pipeline_id = OLD.pipeline_id AND kind = OLD.kind) THEN
        RAISE EXCEPTION 'a pipeline must keep at least one % stage', OLD.kind
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_pipeline_keeps_won_and_lost';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER keep_won_and_lost AFTER UPDATE OF kind OR DELETE ON pipeline_stages
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION crm_assert_pipeline_keeps_won_and_lost();

-- 2. Open stages come before won and lost ones: no open stage has a later position than a closed one.
CREATE FUNCTION crm_assert_open_stages_first() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT FROM pipeline_stages o JOIN pipeline_stages c ON c.pipeline_id = o.pipeline_id
               WHERE o.pipeline_id = NEW.pipeline_id AND o.kind = 'open' AND c.kind <> 'open' AND o.position > c.position) THEN
        RAISE EXCEPTION 'open stages must come before won and lost stages'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_pipeline_stages_open_first';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER open_stages_first AFTER INSERT OR UPDATE OF position, kind ON pipeline_stages
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION crm_assert_open_stages_first();

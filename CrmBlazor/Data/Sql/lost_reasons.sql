-- Each pipeline's listed reasons a deal was lost for (lost_reasons), offered when a deal is marked
-- lost; admins edit the list. Every pipeline starts with the same defaults, however it is created
-- (Admin → Pipelines, registration, an import, a test's INSERT): an insert trigger adds them. The
-- trigger runs as the acting session, so the rows pass row-level security like the pipeline did.
CREATE FUNCTION crm_default_lost_reasons() RETURNS TABLE (reason text, ordinal integer) LANGUAGE sql IMMUTABLE AS $$
    SELECT d.name, (d.position - 1)::integer
    FROM unnest(ARRAY['Price', 'Chose a competitor', 'No budget', 'No decision', 'Timing']) WITH ORDINALITY AS d(name, position)
$$;

CREATE FUNCTION crm_add_default_lost_reasons() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO lost_reasons (tenant_id, pipeline_id, name, position)
    SELECT NEW.tenant_id, NEW.id, d.reason, d.ordinal FROM crm_default_lost_reasons() d;
    RETURN NULL;
END $$;
CREATE TRIGGER add_default_lost_reasons AFTER INSERT ON pipelines FOR EACH ROW EXECUTE FUNCTION crm_add_default_lost_reasons();

-- Pipelines made before the list existed get the defaults too (as the owner, before row-level
-- security is switched on for the new table).
INSERT INTO lost_reasons (tenant_id, pipeline_id, name, position)
SELECT p.tenant_id, p.id, d.reason, d.ordinal FROM pipelines p CROSS JOIN crm_default_lost_reasons() d;

CREATE TRIGGER stamp_update BEFORE UPDATE ON lost_reasons FOR EACH ROW EXECUTE FUNCTION crm_stamp_update();
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON lost_reasons FOR EACH ROW EXECUTE FUNCTION crm_audit_row('pipeline_id');
GRANT SELECT, INSERT, UPDATE, DELETE ON lost_reasons TO crm_app;

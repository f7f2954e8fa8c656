-- The audit log's search (Admin → Audit log): the trigram index on the record's name and
-- crm_audit_search, which finds one page of the session tenant's entries. The generated column
-- record_name and the btree indexes, one per filter, are EF's (AuditLogConfiguration).
--
-- Under row-level security PostgreSQL may not use an index for a condition whose operator is not
-- leakproof (ILIKE and pg_trgm's are not), so crm_app filtering on the name would read every entry
-- of the tenant. crm_audit_search runs as the schema owner, whose owner_reads_all policy leaves the
-- indexes usable, limits itself to the session's tenant and returns only ids (and how many match),
-- which the app then reads under row-level security.

-- btree_gin lets the trigram index lead with tenant_id, so one tenant's matches come from one index.
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX ix_audit_logs_record_name_trgm ON audit_logs USING gin (tenant_id, record_name gin_trgm_ops);

-- Entries matching every filter given (a null filter does not narrow), newest first: ids of rows
-- skip + 1 to skip + take (take null: all), each with how many match, counted up to count_cap (null:
-- not counted). A page past the end is one row with no id, which still carries the count.
--   action_filter: insert, update, delete or event; event_filter: one event's name (login, ...);
--   name_filter: a fragment of the record's name, case ignored (needs 3 characters to use the index);
--   changed_from inclusive, changed_to exclusive.
-- The statement is built from the filters given, so each call is planned for them and uses their index.
CREATE FUNCTION crm_audit_search(
    user_filter uuid, action_filter text, event_filter text, table_filter text,
    changed_from timestamptz, changed_to timestamptz, name_filter text,
    skip integer, take integer, count_cap integer)
RETURNS TABLE (id bigint, matches integer)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    tenant constant uuid := NULLIF(current_setting('app.tenant_id', true), '')::uuid;
    filters text := 'l.tenant_id = $1';
    total integer;
BEGIN
    IF tenant IS NULL THEN RETURN; END IF;
    IF user_filter IS NOT NULL THEN filters := filters || ' AND l.changed_by = $2'; END IF;
    IF action_filter IS NOT NULL THEN filters := filters || ' AND l.action = $3'; END IF;
    IF event_filter IS NOT NULL THEN filters := filters || ' AND l.event = $4'; END IF;
    IF table_filter IS NOT NULL THEN filters := filters || ' AND l.table_name = $5'; END IF;
    IF changed_from IS NOT NULL THEN filters := filters || ' AND l.changed_at >= $6'; END IF;
    IF changed_to IS NOT NULL THEN filters := filters || ' AND l.changed_at < $7'; END IF;
    IF name_filter IS NOT NULL THEN
        -- The fragment is matched literally: % and _ typed are not wildcards.
        filters := filters || $f$ AND l.record_name ILIKE '%' || replace(replace(replace(left($8, 200), '\', '\\'), '%', '\%'), '_', '\_') || '%'$f$;
    END IF;

    -- Counted in the page's order, so it reads the same index as the page and stops at the cap: left to
    -- itself the planner may count by a table scan, which is quick only while the tenant's rows are not clustered.
    IF count_cap IS NOT NULL THEN
        EXECUTE format('SELECT count(*) FROM (SELECT FROM audit_logs l WHERE %s ORDER BY l.changed_at DESC, l.id DESC LIMIT $9) capped', filters)
            INTO total
            USING tenant, user_filter, action_filter, event_filter, table_filter, changed_from, changed_to, name_filter, count_cap;
    END IF;
    RETURN QUERY EXECUTE format(
        'SELECT l.id, $11 FROM audit_logs l WHERE %s ORDER BY l.changed_at DESC, l.id DESC OFFSET $9 LIMIT $10', filters)
        USING tenant, user_filter, action_filter, event_filter, table_filter, changed_from, changed_to, name_filter,
              greatest(coalesce(skip, 0), 0), take, total;
    IF NOT FOUND AND total IS NOT NULL THEN
        id := NULL;
        matches := total;
        RETURN NEXT;
    END IF;
END $$;

REVOKE EXECUTE ON FUNCTION crm_audit_search(uuid, text, text, text, timestamptz, timestamptz, text, integer, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_audit_search(uuid, text, text, text, timestamptz, timestamptz, text, integer, integer, integer) TO crm_app;

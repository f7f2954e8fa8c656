-- What keeps the contacts list fast at a million contacts per tenant.
--
-- 1. contact_tallies: each tenant's number of live contacts, kept by statement triggers, so the
--    list's total is one row read instead of a count over the tenant's contacts.
-- 2. contact_name_terms: the distinct lower-case first and last names of each tenant. A name search
--    looks for the fragment (or, failing that, a similar word) among these few thousand terms, then
--    reads the contacts bearing each term from a name index, best term first, and stops once it has
--    enough. It never touches every contact the fragment matches.
-- 3. crm_contacts_search: that search, in one function run as the schema owner (see contact_search.sql
--    on why row-level security keeps LIKE from using an index as crm_app).
-- Neither table is audited: both are derived from contacts, and crm_recount_contacts rebuilds them.

CREATE TABLE contact_tallies (
    tenant_id uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    live_contacts bigint NOT NULL CHECK (live_contacts >= 0)
);

CREATE TABLE contact_name_terms (
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    term text NOT NULL CHECK (term <> '' AND term = lower(term)),
    PRIMARY KEY (tenant_id, term)
);
CREATE INDEX ix_contact_name_terms_trgm ON contact_name_terms USING gin (term gin_trgm_ops);

-- The contacts bearing a term, in the order a search lists them.
CREATE INDEX ix_contacts_live_by_last_name ON contacts (tenant_id, lower(last_name), lower(first_name), id)
    WHERE deleted_at IS NULL;
CREATE INDEX ix_contacts_live_by_first_name ON contacts (tenant_id, lower(first_name), lower(last_name), id)
    WHERE deleted_at IS NULL;

-- Rebuilds a tenant's tally and name terms from its contacts: after a bulk load with triggers off.
CREATE FUNCTION crm_recount_contacts(tenant uuid) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    INSERT INTO contact_tallies (tenant_id, live_contacts)
    SELECT tenant, count(*) FROM contacts WHERE tenant_id = tenant AND deleted_at IS NULL
    ON CONFLICT (tenant_id) DO UPDATE SET live_contacts = excluded.live_contacts;
    INSERT INTO contact_name_terms (tenant_id, term)
    SELECT DISTINCT tenant, name FROM contacts c
    CROSS JOIN LATERAL (VALUES (lower(btrim(c.first_name))), (lower(btrim(c.last_name)))) AS n(name)
    WHERE c.tenant_id = tenant AND name <> ''
    ON CONFLICT DO NOTHING;
$$;

SELECT crm_recount_contacts(id) FROM tenants;

-- Only the triggers below write these tables, as the owner; crm_app may read its tenant's rows.
ALTER TABLE contact_tallies ENABLE ROW LEVEL SECURITY;
ALTER TABLE contact_tallies FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON contact_tallies
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY owner_reads_all ON contact_tallies FOR SELECT TO CURRENT_USER USING (true);

ALTER TABLE contact_name_terms ENABLE ROW LEVEL SECURITY;
ALTER TABLE contact_name_terms FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON contact_name_terms
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY owner_reads_all ON contact_name_terms FOR SELECT TO CURRENT_USER USING (true);

-- Transition tables allow one event per trigger, hence three triggers on one function. Inserts add
-- to the tally (creating the tenant's row); updates and deletes only adjust an existing row, so
-- the cascade of a tenant's deletion never recreates the row it just removed.
CREATE FUNCTION crm_tally_contacts() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO contact_tallies AS t (tenant_id, live_contacts)
        SELECT tenant_id, count(*) FROM new_rows WHERE deleted_at IS NULL GROUP BY tenant_id
        ON CONFLICT (tenant_id) DO UPDATE SET live_contacts = t.live_contacts + excluded.live_contacts;
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE contact_tallies t SET live_contacts = t.live_contacts + d.change
        FROM (SELECT tenant_id, sum(change) AS change FROM (
                  SELECT tenant_id, 1 AS change FROM new_rows WHERE deleted_at IS NULL
                  UNION ALL SELECT tenant_id, -1 FROM old_rows WHERE deleted_at IS NULL) AS changes
              GROUP BY tenant_id HAVING sum(change) <> 0) AS d
        WHERE t.tenant_id = d.tenant_id;
    ELSE
        UPDATE contact_tallies t SET live_contacts = t.live_contacts - d.removed
        FROM (SELECT tenant_id, count(*) AS removed FROM old_rows WHERE deleted_at IS NULL GROUP BY tenant_id) AS d
        WHERE t.tenant_id = d.tenant_id;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER tally_inserted AFTER INSERT ON contacts REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm_tally_contacts();
CREATE TRIGGER tally_updated AFTER UPDATE ON contacts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm_tally_contacts();
CREATE TRIGGER tally_deleted AFTER DELETE ON contacts REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm_tally_contacts();

-- Terms are only added: a term nobody bears any more just finds no contacts.
CREATE FUNCTION crm_add_contact_name_terms() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO contact_name_terms (tenant_id, term)
    SELECT DISTINCT tenant_id, name FROM new_rows c
    CROSS JOIN LATERAL (VALUES (lower(btrim(c.first_name))), (lower(btrim(c.last_name)))) AS n(name)
    WHERE name <> ''
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER name_terms_inserted AFTER INSERT ON contacts REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm_add_contact_name_terms();
CREATE TRIGGER name_terms_updated AFTER UPDATE ON contacts REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm_add_contact_name_terms();

-- Up to max_rows ids of the session tenant's live contacts matching the search and the filters,
-- best first; the caller numbers them WITH ORDINALITY. A contact matching twice (by first and last
-- name, or by name and company) comes twice; the caller keeps its first place.
--   * Text with a digit, space, @, . or +: an email, phone or full name, matched as a substring of
--     name, email and phone through the trigram index on search_text, listed by name.
--   * Otherwise a name: the name terms containing the text, most similar first, each term's
--     contacts by name; the loop stops as soon as it has max_rows.
--   * Then contacts of companies whose name contains the text.
--   * Only when all of that finds nothing: the same with similar words instead of substrings (typos).
-- The text conditions are built per pass (EXECUTE) so each is planned with its own operator and
-- index: one query holding both operators behind a flag could use neither index.
CREATE FUNCTION crm_contacts_search(search text, max_rows integer, owner_filter uuid, company_filter uuid, tag_filter uuid)
RETURNS SETOF uuid
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    tenant constant uuid := NULLIF(current_setting('app.tenant_id', true), '')::uuid;
    words constant text := lower(btrim(search));
    escaped constant text := replace(replace(replace(lower(btrim(search)), '\', '\\'), '%', '\%'), '_', '\_');
    is_name constant boolean := lower(btrim(search)) !~ '[[:space:][:digit:]@.+]';
    matches text := '{text} LIKE ''%'' || $2 || ''%''';
    typo_pass boolean := false;
    found integer := 0;
    added integer;
    term text;
    company uuid;
BEGIN
    IF tenant IS NULL OR words = '' OR max_rows < 1 THEN RETURN; END IF;
    LOOP
        IF NOT is_name THEN
            RETURN QUERY EXECUTE
                'SELECT c.id FROM contacts c WHERE c.tenant_id = $6 AND c.deleted_at IS NULL AND '
                || replace(matches, '{text}', 'c.search_text') || '
                   AND ($3 IS NULL OR c.owner_id = $3)
                   AND ($4 IS NULL OR c.company_id = $4)
                   AND ($5 IS NULL OR EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.tenant_id = $6 AND ct.contact_id = c.id AND ct.tag_id = $5))
                 ORDER BY word_similarity($1, c.search_text) DESC, c.last_name, c.first_name, c.id LIMIT $7'
                USING words, escaped, owner_filter, company_filter, tag_filter, tenant, max_rows;
            GET DIAGNOSTICS added = ROW_COUNT;
            found := found + added;
        ELSE
            FOR term IN EXECUTE
                'SELECT t.term FROM contact_name_terms t WHERE t.tenant_id = $3 AND '
                || replace(matches, '{text}', 't.term') || ' ORDER BY word_similarity($1, t.term) DESC, t.term'
                USING words, escaped, tenant
            LOOP
                -- Bearers of the term as last name, then as first name: two static queries (not one
                -- EXECUTE per column) so PL/pgSQL keeps their plans across the loop and across calls.
                RETURN QUERY SELECT c.id FROM contacts c
                    WHERE c.tenant_id = tenant AND c.deleted_at IS NULL AND lower(c.last_name) = term
                      AND (owner_filter IS NULL OR c.owner_id = owner_filter)
                      AND (company_filter IS NULL OR c.company_id = company_filter)
                      AND (tag_filter IS NULL OR EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.tenant_id = tenant AND ct.contact_id = c.id AND ct.tag_id = tag_filter))
                    ORDER BY lower(c.first_name), c.id
                    LIMIT max_rows - found;
                GET DIAGNOSTICS added = ROW_COUNT;
                found := found + added;
                EXIT WHEN found >= max_rows;
                RETURN QUERY SELECT c.id FROM contacts c
                    WHERE c.tenant_id = tenant AND c.deleted_at IS NULL AND lower(c.first_name) = term
                      AND (owner_filter IS NULL OR c.owner_id = owner_filter)
                      AND (company_filter IS NULL OR c.company_id = company_filter)
                      AND (tag_filter IS NULL OR EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.tenant_id = tenant AND ct.contact_id = c.id AND ct.tag_id = tag_filter))
                    ORDER BY lower(c.last_name), c.id
                    LIMIT max_rows - found;
                GET DIAGNOSTICS added = ROW_COUNT;
                found := found + added;
                EXIT WHEN found >= max_rows;
            END LOOP;
        END IF;
        IF found < max_rows THEN
            FOR company IN EXECUTE
                'SELECT co.id FROM companies co WHERE co.tenant_id = $3 AND co.deleted_at IS NULL AND ($4 IS NULL OR co.id = $4) AND '
                || replace(matches, '{text}', 'lower(co.name)') || ' ORDER BY word_similarity($1, lower(co.name)) DESC, lower(co.name), co.id'
                USING words, escaped, tenant, company_filter
            LOOP
                RETURN QUERY SELECT c.id FROM contacts c
                    WHERE c.tenant_id = tenant AND c.deleted_at IS NULL AND c.company_id = company
                      AND (owner_filter IS NULL OR c.owner_id = owner_filter)
                      AND (tag_filter IS NULL OR EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.tenant_id = tenant AND ct.contact_id = c.id AND ct.tag_id = tag_filter))
                    ORDER BY c.last_name, c.first_name, c.id
                    LIMIT max_rows - found;
                GET DIAGNOSTICS added = ROW_COUNT;
                found := found + added;
                EXIT WHEN found >= max_rows;
            END LOOP;
        END IF;
        EXIT WHEN found > 0 OR typo_pass;
        typo_pass := true;
        matches := '$1 <% {text}';
    END LOOP;
END $$;

REVOKE EXECUTE ON FUNCTION crm_contacts_search(text, integer, uuid, uuid, uuid), crm_recount_contacts(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_contacts_search(text, integer, uuid, uuid, uuid) TO crm_app;
GRANT SELECT ON contact_tallies, contact_name_terms TO crm_app;

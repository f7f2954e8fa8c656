-- SUPERSEDED: not live. The contacts list's search, crm_contacts_search, as the ContactListSpeed
-- migration made it. SearchEverything replaced it with crm_search (../search.sql), and its Down
-- re-creates it from this file. Do not edit its statements: both migrations must keep producing the
-- schema they produced.
--
-- The contacts list's search: one function, crm_contacts_search, and the indexes it reads through.
--
-- Under row-level security PostgreSQL may not use an index for a condition whose operator is not
-- leakproof (LIKE and pg_trgm's operators are not), so a search run as crm_app would scan every row
-- of the tenant. The function runs as the schema owner, whose owner_reads_all policy leaves the
-- indexes usable, and limits itself to the session's tenant and live contacts, so it returns
-- nothing crm_app could not read anyway: only ids.
-- A name search looks for the fragment (or, failing that, a similar word) among the tenant's name
-- terms (contact_name_terms, contact_tallies.sql), then reads the contacts bearing each term from a
-- name index below, best term first, and stops once it has enough. It never touches every contact
-- the fragment matches. The trigram indexes on contacts.search_text and companies.name are in
-- indexes.sql.

-- The contacts bearing a term, in the order a search lists them.
CREATE INDEX ix_contacts_live_by_last_name ON contacts (tenant_id, lower(last_name), lower(first_name), id)
    WHERE deleted_at IS NULL;
CREATE INDEX ix_contacts_live_by_first_name ON contacts (tenant_id, lower(first_name), lower(last_name), id)
    WHERE deleted_at IS NULL;

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

REVOKE EXECUTE ON FUNCTION crm_contacts_search(text, integer, uuid, uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_contacts_search(text, integer, uuid, uuid, uuid) TO crm_app;

-- SUPERSEDED: not live. The first contact search, as the ContactSearchFunctions migration made it.
-- ContactListSpeed dropped both functions for crm_contacts_search (../search.sql), and its Down
-- re-creates them from this file. Do not edit its statements: both migrations must keep producing
-- the schema they produced.
--
-- Contact search through the trigram index. Under row-level security PostgreSQL may not use an index
-- for a condition whose operator is not leakproof (LIKE and pg_trgm's operators are not), so a search
-- run as crm_app would scan every row of the tenant. These functions run as the schema owner, whose
-- owner_reads_all policy leaves the index usable, and limit themselves to the session's tenant and
-- live contacts, so they return nothing crm_app could not read anyway: only ids.

-- Contacts whose name, email or phone contains the pattern (a LIKE pattern, lower case).
CREATE FUNCTION crm_contacts_matching(pattern text) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT c.id FROM contacts c
    WHERE c.tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid
      AND c.deleted_at IS NULL
      AND c.search_text LIKE $1
$$;

-- Contacts with a word similar to the text (pg_trgm word similarity): finds misspellings.
CREATE FUNCTION crm_contacts_similar_to(words text) RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT c.id FROM contacts c
    WHERE c.tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid
      AND c.deleted_at IS NULL
      AND $1 <% c.search_text
$$;

REVOKE EXECUTE ON FUNCTION crm_contacts_matching(text), crm_contacts_similar_to(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_contacts_matching(text), crm_contacts_similar_to(text) TO crm_app;

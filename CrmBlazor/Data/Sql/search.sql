-- Search: one set of matching rules for contacts, companies and deals, inside PostgreSQL.
--
-- The rules (the dedicated engines' rules: Meilisearch's typo counts, both engines' prefix and accents):
--   * Text is compared as words: lower case, accents removed (unaccent), split on anything that is
--     neither letter nor digit and between letters and digits ("Dubois83" is "dubois" and "83").
--   * Every word of the query must match a word of some field of the record, in any order. The last
--     word may also be the start of a word: the rep is still typing.
--   * A query word of 5 to 8 characters may have one typo, of 9 or more two, counted as Damerau
--     distance (two neighbouring letters swapped is one typo). Digits have no typos, but a word of 3 or
--     more digits also matches inside a phone number's digits; a query that is only a phone number
--     ("+1 555 0144") is one word of its digits.
--   * Ranking: fewer typos; then an exact last word before a prefix; then more fields matched; then
--     the most recently active (its latest live activity, or else its creation); then id, so the
--     order is total.
--   * At most max_rows records are listed. When more match, they are the best by typos and prefix,
--     most recently active first, ranked again as above.
--
-- What it reads, all kept by the triggers below (crm_app may touch none of it: crm_search runs as the
-- owner, limits itself to the session's tenant and returns ids and why they matched):
--   * search_documents: one row per live contact, company and deal: the words of each field, and in
--     "keys" all of them plus the first one to three characters of each as "ab*", in one GIN-indexed
--     array, so every query word is one array overlap however short it is.
--   * search_terms: every word of a tenant's documents (only ever added: a word no record bears any
--     more finds nothing), to expand a prefix of four or more characters into the words it starts.
--   * search_term_variants: each term with one letter removed (terms of 5 or more letters) and two
--     (9 or more). A query word within k typos of a term shares a k-deletion with it (symmetric
--     deletion, as in SymSpell), so the candidates come from an index lookup and are then checked by
--     exact distance: no typo within the rules is missed and nothing outside them is taken.

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

-- The words of a text, in order, as search compares them. unaccent with its dictionary named is
-- immutable, which the plain one-argument form is not declared to be. These helpers run as the
-- caller and name their schema rather than pin a search_path: a SET clause costs on every call, and
-- they run several times per record when documents are rebuilt.
CREATE FUNCTION crm_search_tokens(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_remove(regexp_split_to_array(
        regexp_replace(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, coalesce(value, ''))),
            '([[:alpha:]])([[:digit:]])', '\1 \2', 'g'), '([[:digit:]])([[:alpha:]])', '\1 \2', 'g'),
        '[^[:alnum:]]+'), '')
$$;

-- The GIN keys of a document's words: each word, and its first one to three characters as "ab*".
-- Repeats are harmless (GIN indexes each key once per row), so none are removed.
CREATE FUNCTION crm_search_keys(words text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT words || ARRAY(SELECT left(word, n) || '*' FROM unnest(words) AS word, generate_series(1, least(3, length(word))) AS n)
$$;

-- How many typos a query word may have (Meilisearch's defaults): none under 5 characters, one up
-- to 8, two from 9; none in a number.
CREATE FUNCTION crm_typo_budget(word text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN word ~ '^[0-9]+$' THEN 0 WHEN length(word) >= 9 THEN 2 WHEN length(word) >= 5 THEN 1 ELSE 0 END
$$;

-- Every string left by removing 1 to depth characters from a word.
CREATE FUNCTION crm_search_deletions(word text, depth integer) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    WITH RECURSIVE removed(variant, removed) AS (
        SELECT word, 0
        UNION
        SELECT left(r.variant, i - 1) || substr(r.variant, i + 1), r.removed + 1
        FROM removed r CROSS JOIN LATERAL generate_series(1, length(r.variant)) AS i
        WHERE r.removed < depth)
    SELECT DISTINCT variant FROM removed WHERE removed > 0
$$;

-- The deletions a term is indexed under: one for terms a one-typo word (5 to 8 characters) could
-- mean by a substitution, swap or deletion (5 or more letters), two for those a two-typo word (9 or
-- more) could (9 or more). Shorter terms are found as deletions of the query word itself.
CREATE FUNCTION crm_search_term_variants(term text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT public.crm_search_deletions(term, CASE WHEN length(term) >= 9 THEN 2 ELSE 1 END)
    WHERE length(term) >= 5 AND term !~ '^[0-9]+$'
$$;

-- Damerau distance (optimal string alignment: a swap of two neighbours is one edit). fuzzystrmatch's
-- levenshtein (in C) answers when the distance is 0 or 1, which a swap cannot change; only the few
-- candidates further apart are worked out here.
CREATE FUNCTION crm_typos(a text, b text) RETURNS integer
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    plain constant integer := public.levenshtein(a, b);
    rows constant integer := length(a);
    width constant integer := length(b) + 1;
    d integer[];
    i integer;
    j integer;
BEGIN
    IF plain <= 1 THEN RETURN plain; END IF;
    -- d[i * width + j + 1] is the distance between the first i characters of a and the first j of b.
    d := array_fill(0, ARRAY[(rows + 1) * width]);
    FOR i IN 0..rows LOOP d[i * width + 1] := i; END LOOP;
    FOR j IN 0..width - 1 LOOP d[j + 1] := j; END LOOP;
    FOR i IN 1..rows LOOP
        FOR j IN 1..width - 1 LOOP
            d[i * width + j + 1] := least(d[(i - 1) * width + j + 1] + 1, d[i * width + j] + 1,
                d[(i - 1) * width + j] + CASE WHEN substr(a, i, 1) = substr(b, j, 1) THEN 0 ELSE 1 END);
            IF i > 1 AND j > 1 AND substr(a, i, 1) = substr(b, j - 1, 1) AND substr(a, i - 1, 1) = substr(b, j, 1) THEN
                d[i * width + j + 1] := least(d[i * width + j + 1], d[(i - 2) * width + j - 1] + 1);
            END IF;
        END LOOP;
    END LOOP;
    RETURN d[rows * width + width];
END $$;

CREATE TABLE search_documents (
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    kind text NOT NULL CHECK (kind IN ('contact', 'company', 'deal')),
    record_id uuid NOT NULL,
    -- A contact's first and last name, a company's name, a deal's title.
    name_words text[] NOT NULL,
    -- A contact's email (local part and domain), a company's domain.
    email_words text[] NOT NULL,
    -- The company of a contact or deal.
    company_words text[] NOT NULL,
    -- A contact's job title.
    title_words text[] NOT NULL,
    phone_digits text NOT NULL,
    keys text[] NOT NULL,
    active_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, kind, record_id)
);
CREATE INDEX ix_search_documents_keys ON search_documents USING gin (keys);
CREATE INDEX ix_search_documents_phone ON search_documents USING gin (phone_digits gin_trgm_ops);
-- Walked newest first when a query word is so common that most documents match it.
CREATE INDEX ix_search_documents_recent ON search_documents (tenant_id, kind, active_at DESC, record_id);

CREATE TABLE search_terms (
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    -- Collation "C" so a prefix (LIKE 'abc%') is a range of the primary key.
    term text COLLATE "C" NOT NULL CHECK (term <> ''),
    PRIMARY KEY (tenant_id, term)
);

CREATE TABLE search_term_variants (
    tenant_id uuid NOT NULL,
    variant text COLLATE "C" NOT NULL,
    term text COLLATE "C" NOT NULL,
    -- Led by the term, so the cascade from a deleted term reads its own variants.
    PRIMARY KEY (tenant_id, term, variant),
    FOREIGN KEY (tenant_id, term) REFERENCES search_terms (tenant_id, term) ON DELETE CASCADE
);
-- What a typo lookup reads: the terms sharing a variant, without visiting the table.
CREATE INDEX ix_search_term_variants_variant ON search_term_variants (tenant_id, variant, term);

-- What each kind of record contributes to its document, for live records only.
CREATE VIEW crm_search_contact_sources AS
SELECT c.tenant_id, c.id AS record_id,
       crm_search_tokens(concat_ws(' ', c.first_name, c.last_name)) AS name_words,
       crm_search_tokens(c.email) AS email_words,
       crm_search_tokens(co.name) AS company_words,
       crm_search_tokens(c.job_title) AS title_words,
       regexp_replace(coalesce(c.phone, ''), '[^0-9]', '', 'g') AS phone_digits,
       greatest(c.created_at, (SELECT max(a.created_at) FROM activities a
                               WHERE a.tenant_id = c.tenant_id AND a.contact_id = c.id AND a.deleted_at IS NULL)) AS active_at
FROM contacts c
LEFT JOIN companies co ON co.tenant_id = c.tenant_id AND co.id = c.company_id AND co.deleted_at IS NULL
WHERE c.deleted_at IS NULL;

CREATE VIEW crm_search_company_sources AS
SELECT co.tenant_id, co.id AS record_id,
       crm_search_tokens(co.name) AS name_words,
       crm_search_tokens(co.domain) AS email_words,
       '{}'::text[] AS company_words,
       '{}'::text[] AS title_words,
       regexp_replace(coalesce(co.phone, ''), '[^0-9]', '', 'g') AS phone_digits,
       greatest(co.created_at, (SELECT max(a.created_at) FROM activities a
                                WHERE a.tenant_id = co.tenant_id AND a.company_id = co.id AND a.deleted_at IS NULL)) AS active_at
FROM companies co
WHERE co.deleted_at IS NULL;

CREATE VIEW crm_search_deal_sources AS
SELECT d.tenant_id, d.id AS record_id,
       crm_search_tokens(d.title) AS name_words,
       '{}'::text[] AS email_words,
       crm_search_tokens(co.name) AS company_words,
       '{}'::text[] AS title_words,
       '' AS phone_digits,
       greatest(d.created_at, (SELECT max(a.created_at) FROM activities a
                               WHERE a.tenant_id = d.tenant_id AND a.deal_id = d.id AND a.deleted_at IS NULL)) AS active_at
FROM deals d
LEFT JOIN companies co ON co.tenant_id = d.tenant_id AND co.id = d.company_id AND co.deleted_at IS NULL
WHERE d.deleted_at IS NULL;

-- Rewrites the documents of the given records of one kind from their sources (a record no longer
-- live loses its document), and adds any new words to the terms and their variants.
CREATE FUNCTION crm_search_refresh(doc_kind text, tenants uuid[], ids uuid[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    DELETE FROM search_documents d
    USING unnest(tenants, ids) AS r(tenant_id, id)
    WHERE d.tenant_id = r.tenant_id AND d.kind = doc_kind AND d.record_id = r.id;
    EXECUTE format($sql$
        WITH documents AS (
            INSERT INTO search_documents (tenant_id, kind, record_id, name_words, email_words, company_words, title_words, phone_digits, keys, active_at)
            SELECT s.tenant_id, %1$L, s.record_id, s.name_words, s.email_words, s.company_words, s.title_words, s.phone_digits,
                   crm_search_keys(s.name_words || s.email_words || s.company_words || s.title_words), s.active_at
            FROM crm_search_%1$s_sources s
            JOIN (SELECT DISTINCT * FROM unnest($1, $2)) AS r(tenant_id, id) ON s.tenant_id = r.tenant_id AND s.record_id = r.id
            RETURNING tenant_id, name_words || email_words || company_words || title_words AS words),
        terms AS (
            INSERT INTO search_terms (tenant_id, term)
            SELECT DISTINCT d.tenant_id, w FROM documents d CROSS JOIN LATERAL unnest(d.words) AS w
            ON CONFLICT DO NOTHING
            RETURNING tenant_id, term)
        INSERT INTO search_term_variants (tenant_id, variant, term)
        SELECT t.tenant_id, v, t.term FROM terms t CROSS JOIN LATERAL crm_search_term_variants(t.term) AS v
        ON CONFLICT DO NOTHING
        $sql$, doc_kind) USING tenants, ids;
END $$;

-- Rebuilds one tenant's documents, terms and variants from scratch: after a bulk load with triggers
-- off, or when the rules change. Only the owner may run it. The GIN keys of a million documents go
-- to the index's pending list and are merged once at the end, in bulk, rather than one at a time.
CREATE FUNCTION crm_rebuild_search(tenant uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
    SET gin_pending_list_limit = '1GB' SET maintenance_work_mem = '512MB' AS $$
DECLARE
    kind text;
    session_tenant constant text := current_setting('app.tenant_id', true);
BEGIN
    -- Row-level security lets the owner write only the session's tenant: act for this one meanwhile.
    PERFORM set_config('app.tenant_id', tenant::text, true);
    DELETE FROM search_term_variants WHERE tenant_id = tenant;
    DELETE FROM search_terms WHERE tenant_id = tenant;
    DELETE FROM search_documents WHERE tenant_id = tenant;
    FOREACH kind IN ARRAY ARRAY['contact', 'company', 'deal'] LOOP
        EXECUTE format($sql$
            INSERT INTO search_documents (tenant_id, kind, record_id, name_words, email_words, company_words, title_words, phone_digits, keys, active_at)
            SELECT s.tenant_id, %1$L, s.record_id, s.name_words, s.email_words, s.company_words, s.title_words, s.phone_digits,
                   crm_search_keys(s.name_words || s.email_words || s.company_words || s.title_words), s.active_at
            FROM crm_search_%1$s_sources s WHERE s.tenant_id = $1
            $sql$, kind) USING tenant;
    END LOOP;
    INSERT INTO search_terms (tenant_id, term)
    SELECT DISTINCT tenant, w FROM search_documents d
    CROSS JOIN LATERAL unnest(d.name_words || d.email_words || d.company_words || d.title_words) AS w
    WHERE d.tenant_id = tenant;
    INSERT INTO search_term_variants (tenant_id, variant, term)
    SELECT DISTINCT tenant, v, t.term FROM search_terms t CROSS JOIN LATERAL crm_search_term_variants(t.term) AS v
    WHERE t.tenant_id = tenant;
    PERFORM gin_clean_pending_list('ix_search_documents_keys'), gin_clean_pending_list('ix_search_documents_phone');
    PERFORM set_config('app.tenant_id', coalesce(session_tenant, ''), true);
END $$;

-- The triggers: a statement's changed records are refreshed together. Only changes to what a
-- document holds count, so a deal moved on the board or a contact's notes edited costs one join.
CREATE FUNCTION crm_search_contacts_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    tenants uuid[];
    ids uuid[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(tenant_id), array_agg(id) INTO tenants, ids FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(tenant_id), array_agg(id) INTO tenants, ids FROM old_rows;
    ELSE
        SELECT array_agg(n.tenant_id), array_agg(n.id) INTO tenants, ids
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.first_name, n.last_name, n.email, n.phone, n.job_title, n.company_id, n.deleted_at)
              IS DISTINCT FROM (o.first_name, o.last_name, o.email, o.phone, o.job_title, o.company_id, o.deleted_at);
    END IF;
    IF ids IS NOT NULL THEN PERFORM crm_search_refresh('contact', tenants, ids); END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION crm_search_companies_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    tenants uuid[];
    ids uuid[];
    renamed_tenants uuid[];
    renamed uuid[];
    dependants_tenants uuid[];
    dependants uuid[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(tenant_id), array_agg(id) INTO tenants, ids FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(tenant_id), array_agg(id) INTO tenants, ids FROM old_rows;
    ELSE
        SELECT array_agg(n.tenant_id), array_agg(n.id) INTO tenants, ids
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.name, n.domain, n.phone, n.deleted_at) IS DISTINCT FROM (o.name, o.domain, o.phone, o.deleted_at);
        -- Contacts and deals carry their company's name.
        SELECT array_agg(n.tenant_id), array_agg(n.id) INTO renamed_tenants, renamed
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.name, n.deleted_at) IS DISTINCT FROM (o.name, o.deleted_at);
    END IF;
    IF ids IS NOT NULL THEN PERFORM crm_search_refresh('company', tenants, ids); END IF;
    IF renamed IS NOT NULL THEN
        SELECT array_agg(c.tenant_id), array_agg(c.id) INTO dependants_tenants, dependants
        FROM contacts c JOIN unnest(renamed_tenants, renamed) AS r(tenant_id, id) ON c.tenant_id = r.tenant_id AND c.company_id = r.id;
        IF dependants IS NOT NULL THEN PERFORM crm_search_refresh('contact', dependants_tenants, dependants); END IF;
        SELECT array_agg(d.tenant_id), array_agg(d.id) INTO dependants_tenants, dependants
        FROM deals d JOIN unnest(renamed_tenants, renamed) AS r(tenant_id, id) ON d.tenant_id = r.tenant_id AND d.company_id = r.id;
        IF dependants IS NOT NULL THEN PERFORM crm_search_refresh('deal', dependants_tenants, dependants); END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION crm_search_deals_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    tenants uuid[];
    ids uuid[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(tenant_id), array_agg(id) INTO tenants, ids FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(tenant_id), array_agg(id) INTO tenants, ids FROM old_rows;
    ELSE
        SELECT array_agg(n.tenant_id), array_agg(n.id) INTO tenants, ids
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.title, n.company_id, n.deleted_at) IS DISTINCT FROM (o.title, o.company_id, o.deleted_at);
    END IF;
    IF ids IS NOT NULL THEN PERFORM crm_search_refresh('deal', tenants, ids); END IF;
    RETURN NULL;
END $$;

-- An activity logged, edited, moved or deleted changes when its contact, company and deal were last
-- active: each is worked out again from its source, as a rebuild would.
CREATE FUNCTION crm_search_activity_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    kinds text[] := '{}';
    tenants uuid[] := '{}';
    ids uuid[] := '{}';
    doc_kind text;
BEGIN
    IF TG_OP <> 'DELETE' THEN
        SELECT kinds || array_agg(r.kind), tenants || array_agg(n.tenant_id), ids || array_agg(r.record_id)
        INTO kinds, tenants, ids
        FROM new_rows n CROSS JOIN LATERAL (VALUES ('contact', n.contact_id), ('company', n.company_id), ('deal', n.deal_id)) AS r(kind, record_id)
        WHERE r.record_id IS NOT NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        SELECT coalesce(kinds, '{}') || array_agg(r.kind), coalesce(tenants, '{}') || array_agg(o.tenant_id), coalesce(ids, '{}') || array_agg(r.record_id)
        INTO kinds, tenants, ids
        FROM old_rows o CROSS JOIN LATERAL (VALUES ('contact', o.contact_id), ('company', o.company_id), ('deal', o.deal_id)) AS r(kind, record_id)
        WHERE r.record_id IS NOT NULL;
    END IF;
    IF ids IS NULL THEN RETURN NULL; END IF;
    FOREACH doc_kind IN ARRAY ARRAY['contact', 'company', 'deal'] LOOP
        CONTINUE WHEN NOT doc_kind = ANY (kinds);
        EXECUTE format($sql$
            UPDATE search_documents d SET active_at = s.active_at
            FROM crm_search_%1$s_sources s
            WHERE (s.tenant_id, s.record_id) IN (SELECT t.tenant_id, t.id FROM unnest($1, $2, $3) AS t(kind, tenant_id, id) WHERE t.kind = %1$L)
              AND d.tenant_id = s.tenant_id AND d.kind = %1$L AND d.record_id = s.record_id AND d.active_at <> s.active_at
            $sql$, doc_kind) USING kinds, tenants, ids;
    END LOOP;
    RETURN NULL;
END $$;

-- ImportJobs re-creates search_inserted on contacts, companies and deals (import_bulk_writes.sql).
CREATE TRIGGER search_inserted AFTER INSERT ON contacts REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm_search_contacts_changed();
CREATE TRIGGER search_updated AFTER UPDATE ON contacts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm_search_contacts_changed();
CREATE TRIGGER search_deleted AFTER DELETE ON contacts REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm_search_contacts_changed();
CREATE TRIGGER search_inserted AFTER INSERT ON companies REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm_search_companies_changed();
CREATE TRIGGER search_updated AFTER UPDATE ON companies REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm_search_companies_changed();
CREATE TRIGGER search_deleted AFTER DELETE ON companies REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm_search_companies_changed();
CREATE TRIGGER search_inserted AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm_search_deals_changed();
CREATE TRIGGER search_updated AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm_search_deals_changed();
CREATE TRIGGER search_deleted AFTER DELETE ON deals REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm_search_deals_changed();
CREATE TRIGGER search_activity_inserted AFTER INSERT ON activities REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm_search_activity_changed();
CREATE TRIGGER search_activity_updated AFTER UPDATE ON activities REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm_search_activity_changed();
CREATE TRIGGER search_activity_deleted AFTER DELETE ON activities REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm_search_activity_changed();

-- search_kind: 'contact', 'company' or 'deal'. The filters narrow contacts (owner, company, tag) and
-- are ignored for the other kinds. Returns the matches ranked, place 1 first, with how many
-- typos and whether the last word was a prefix, how many fields matched, and, when a word matched
-- outside the name, the first such field ('company', 'email', 'title', 'phone', in that order).
CREATE FUNCTION crm_search(search text, search_kind text, max_rows integer, owner_filter uuid, company_filter uuid, tag_filter uuid)
RETURNS TABLE (record_id uuid, typos integer, prefixed boolean, fields integer, matched_on text, place bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    tenant constant uuid := NULLIF(current_setting('app.tenant_id', true), '')::uuid;
    text_searched constant text := left(coalesce(search, ''), 200);
    query_words text[];
    word_count integer;
    -- Each word's ways to match, flattened: option i is word option_word[i], costs option_typos[i]
    -- typos, is a prefix when option_prefix[i], and matches keys[option_from[i]:option_to[i]] (or,
    -- when option_phone[i], also inside the phone digits).
    keys text[] := '{}';
    option_word integer[] := '{}';
    option_typos integer[] := '{}';
    option_prefix boolean[] := '{}';
    option_from integer[] := '{}';
    option_to integer[] := '{}';
    option_phone boolean[] := '{}';
    -- The words each query word matched, for ranking (term_word[i] is the query word of term_text[i]).
    term_word integer[] := '{}';
    term_text text[] := '{}';
    word text;
    word_index integer;
    budget integer;
    found_terms text[];
    typo_level integer;
    word_first integer[] := '{}';
    word_options integer[] := '{}';
    combination integer;
    rest integer;
    chosen integer;
    conjunction text;
    combination_typos integer;
    combination_prefix boolean;
    -- Per combination: typos * 2 + (1 if it has a prefix), so levels sort best first; and its condition.
    combination_level integer[] := '{}';
    combination_condition text[] := '{}';
    filters text := '';
    found_ids uuid[] := '{}';
    found_typos integer[] := '{}';
    found_prefix boolean[] := '{}';
    level_ids uuid[];
    level integer;
BEGIN
    IF tenant IS NULL OR max_rows < 1 OR search_kind NOT IN ('contact', 'company', 'deal') THEN RETURN; END IF;
    -- A phone number typed with its spaces, dashes and brackets is one number.
    IF text_searched ~ '^[[:space:][:digit:]+().\-/]+$' AND text_searched ~ '[[:digit:]].*[^[:digit:]].*[[:digit:]]' THEN
        query_words := ARRAY[regexp_replace(text_searched, '[^0-9]', '', 'g')];
    ELSE
        query_words := crm_search_tokens(text_searched);
    END IF;
    word_count := coalesce(cardinality(query_words), 0);
    IF word_count = 0 THEN RETURN; END IF;

    FOR word_index IN 1..word_count LOOP
        word := query_words[word_index];
        budget := crm_typo_budget(word);
        -- Exact (and, for a number of 3 or more digits, inside a phone number).
        option_word := option_word || word_index; option_typos := option_typos || 0; option_prefix := option_prefix || false;
        option_from := option_from || (cardinality(keys) + 1); keys := keys || word; option_to := option_to || cardinality(keys);
        option_phone := option_phone || (word ~ '^[0-9]{3,}$');
        term_word := term_word || word_index; term_text := term_text || word;
        -- The last word as the start of a longer word.
        IF word_index = word_count THEN
            IF length(word) <= 3 THEN
                found_terms := ARRAY[word || '*'];
            ELSE
                SELECT array_agg(t.term) INTO found_terms FROM search_terms t
                WHERE t.tenant_id = tenant AND t.term LIKE word || '%' AND t.term <> word;
                term_word := term_word || array_fill(word_index, ARRAY[coalesce(cardinality(found_terms), 0)]);
                term_text := term_text || coalesce(found_terms, '{}');
            END IF;
            IF found_terms IS NOT NULL THEN
                option_word := option_word || word_index; option_typos := option_typos || 0; option_prefix := option_prefix || true;
                option_from := option_from || (cardinality(keys) + 1); keys := keys || found_terms; option_to := option_to || cardinality(keys);
                option_phone := option_phone || false;
            END IF;
        END IF;
        -- Typos: terms sharing a deletion with the word, at their exact distance.
        IF budget > 0 THEN
            FOR typo_level, found_terms IN
                SELECT c.typos, array_agg(c.term ORDER BY c.term)
                FROM (SELECT candidate AS term, crm_typos(word, candidate) AS typos FROM (
                          SELECT t.term AS candidate FROM search_terms t
                          WHERE t.tenant_id = tenant AND t.term IN (SELECT crm_search_deletions(word, budget))
                          UNION
                          SELECT v.term FROM search_term_variants v
                          WHERE v.tenant_id = tenant
                            AND v.variant IN (SELECT word UNION ALL SELECT crm_search_deletions(word, budget))) AS candidates
                      WHERE candidate <> word AND abs(length(candidate) - length(word)) <= budget) AS c
                WHERE c.typos <= budget
                GROUP BY c.typos ORDER BY c.typos
            LOOP
                option_word := option_word || word_index; option_typos := option_typos || typo_level; option_prefix := option_prefix || false;
                option_from := option_from || (cardinality(keys) + 1); keys := keys || found_terms; option_to := option_to || cardinality(keys);
                option_phone := option_phone || false;
                term_word := term_word || array_fill(word_index, ARRAY[cardinality(found_terms)]);
                term_text := term_text || found_terms;
            END LOOP;
        END IF;
    END LOOP;

    IF search_kind = 'contact' THEN
        IF owner_filter IS NOT NULL THEN
            filters := filters || ' AND EXISTS (SELECT 1 FROM contacts c WHERE c.tenant_id = d.tenant_id AND c.id = d.record_id AND c.owner_id = $4)';
        END IF;
        IF company_filter IS NOT NULL THEN
            filters := filters || ' AND EXISTS (SELECT 1 FROM contacts c WHERE c.tenant_id = d.tenant_id AND c.id = d.record_id AND c.company_id = $5)';
        END IF;
        IF tag_filter IS NOT NULL THEN
            filters := filters || ' AND EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.tenant_id = d.tenant_id AND ct.contact_id = d.record_id AND ct.tag_id = $6)';
        END IF;
    END IF;

    -- Every combination of one option per word (a word's options are consecutive), as its typos,
    -- whether it has a prefix, and its condition. Levels of (typos, prefix) then run best first, each
    -- level's matches most recently active first, until max_rows are found. A record found at a better
    -- level is not taken again at a worse one.
    -- A long query whose words each have several typo readings would make too many combinations:
    -- past 256, its typo readings are dropped (every word must then match exactly or as the prefix).
    IF (SELECT exp(sum(ln(n))) FROM (SELECT count(*) AS n FROM unnest(option_word) AS w GROUP BY w) AS per_word) > 256 THEN
        SELECT array_agg(option_word[i] ORDER BY i), array_agg(option_typos[i] ORDER BY i), array_agg(option_prefix[i] ORDER BY i),
               array_agg(option_from[i] ORDER BY i), array_agg(option_to[i] ORDER BY i), array_agg(option_phone[i] ORDER BY i)
        INTO option_word, option_typos, option_prefix, option_from, option_to, option_phone
        FROM generate_subscripts(option_word, 1) AS i WHERE option_typos[i] = 0;
    END IF;
    FOR word_index IN 1..word_count LOOP
        word_first := word_first || array_position(option_word, word_index);
        word_options := word_options || (SELECT count(*)::integer FROM unnest(option_word) AS w WHERE w = word_index);
    END LOOP;
    FOR combination IN 0..(SELECT round(exp(sum(ln(n))))::integer - 1 FROM unnest(word_options) AS n) LOOP
        rest := combination;
        conjunction := '';
        combination_typos := 0;
        combination_prefix := false;
        FOR word_index IN 1..word_count LOOP
            chosen := word_first[word_index] + rest % word_options[word_index];
            rest := rest / word_options[word_index];
            combination_typos := combination_typos + option_typos[chosen];
            combination_prefix := combination_prefix OR option_prefix[chosen];
            conjunction := conjunction || CASE WHEN conjunction = '' THEN '' ELSE ' AND ' END
                || format(CASE WHEN option_phone[chosen]
                               THEN '(d.keys && $1[%1$s:%2$s] OR d.phone_digits LIKE ''%%'' || $1[%1$s] || ''%%'')'
                               ELSE 'd.keys && $1[%1$s:%2$s]' END,
                          option_from[chosen], option_to[chosen]);
        END LOOP;
        combination_level := combination_level || (combination_typos * 2 + combination_prefix::integer);
        combination_condition := combination_condition || ('(' || conjunction || ')');
    END LOOP;
    FOR level IN SELECT DISTINCT l FROM unnest(combination_level) AS l ORDER BY l LOOP
        EXIT WHEN cardinality(found_ids) >= max_rows;
        EXECUTE format($sql$
            SELECT array_agg(record_id) FROM (
                SELECT d.record_id FROM search_documents d
                WHERE d.tenant_id = $2 AND d.kind = $3 AND (%s) AND d.record_id <> ALL ($7) %s
                ORDER BY d.active_at DESC, d.record_id
                LIMIT $8) AS level_matches
            $sql$,
            (SELECT string_agg(c, ' OR ') FROM unnest(combination_condition, combination_level) AS x(c, l) WHERE l = level),
            filters)
            INTO level_ids
            USING keys, tenant, search_kind, owner_filter, company_filter, tag_filter, found_ids, max_rows - cardinality(found_ids);
        IF level_ids IS NOT NULL THEN
            found_ids := found_ids || level_ids;
            found_typos := found_typos || array_fill(level / 2, ARRAY[cardinality(level_ids)]);
            found_prefix := found_prefix || array_fill(level % 2 = 1, ARRAY[cardinality(level_ids)]);
        END IF;
    END LOOP;

    RETURN QUERY
    WITH found AS (
        SELECT f.record_id, f.typos, f.prefixed, d.name_words, d.email_words, d.company_words, d.title_words, d.phone_digits, d.active_at
        FROM unnest(found_ids, found_typos, found_prefix) AS f(record_id, typos, prefixed)
        JOIN search_documents d ON d.tenant_id = tenant AND d.kind = search_kind AND d.record_id = f.record_id),
    word_terms AS (
        SELECT t.word_index, array_agg(t.term) AS terms FROM unnest(term_word, term_text) AS t(word_index, term) GROUP BY t.word_index),
    hits AS (
        -- Which query word matched which field of each found document.
        SELECT f.record_id, fl.field_order, fl.field, w.word_index
        FROM found f
        -- In the order a hint prefers them: a word of the company's name is usually in its email domain too.
        CROSS JOIN LATERAL (VALUES (1, 'name', f.name_words), (2, 'company', f.company_words), (3, 'email', f.email_words),
                                   (4, 'title', f.title_words)) AS fl(field_order, field, words)
        JOIN word_terms w ON fl.words && w.terms
            OR (w.word_index = word_count AND EXISTS (
                    SELECT 1 FROM unnest(fl.words) AS e WHERE left(e, length(query_words[word_count])) = query_words[word_count]))
        UNION ALL
        SELECT f.record_id, 5, 'phone', w.word_index
        FROM found f CROSS JOIN generate_series(1, word_count) AS w(word_index)
        WHERE query_words[w.word_index] ~ '^[0-9]{3,}$' AND strpos(f.phone_digits, query_words[w.word_index]) > 0),
    words_in_name AS (
        SELECT h.record_id, h.word_index, bool_or(h.field = 'name') AS in_name FROM hits h GROUP BY h.record_id, h.word_index),
    per_record AS (
        SELECT h.record_id, count(DISTINCT h.field)::integer AS fields,
               (array_agg(h.field ORDER BY h.field_order) FILTER (WHERE h.field <> 'name' AND NOT n.in_name))[1] AS matched_on
        FROM hits h JOIN words_in_name n ON n.record_id = h.record_id AND n.word_index = h.word_index
        GROUP BY h.record_id)
    SELECT f.record_id, f.typos, f.prefixed, coalesce(r.fields, 0), r.matched_on,
           row_number() OVER (ORDER BY f.typos, f.prefixed, coalesce(r.fields, 0) DESC, f.active_at DESC, f.record_id)
    FROM found f LEFT JOIN per_record r ON r.record_id = f.record_id
    ORDER BY 6;
END $$;

REVOKE ALL ON search_documents, search_terms, search_term_variants FROM crm_app;
REVOKE ALL ON crm_search_contact_sources, crm_search_company_sources, crm_search_deal_sources FROM crm_app;
REVOKE EXECUTE ON FUNCTION crm_search_refresh(text, uuid[], uuid[]), crm_rebuild_search(uuid) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION crm_search(text, text, integer, uuid, uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION crm_search(text, text, integer, uuid, uuid, uuid) TO crm_app;

-- The documents of every tenant as they are now (row-level security is switched on for the new
-- tables after this, by row_level_security.sql).
SELECT crm_rebuild_search(id) FROM tenants;

-- SUPERSEDED: not live as a whole. The live-contact tally and the contact name terms, as the
-- ContactListSpeed migration made them. SearchEverything dropped the name terms (search replaced them;
-- ContactListSpeed_name_terms_down.sql) and redefined crm_recount_contacts (../contact_tallies.sql).
-- Do not edit its statements: both migrations must keep producing the schema they produced.
--
-- Two tables derived from contacts, kept by statement triggers on contacts, so the contacts list
-- never reads every contact of a tenant:
-- 1. contact_tallies: each tenant's number of live contacts; the list's total is one row read
--    instead of a count over the tenant's contacts.
-- 2. contact_name_terms: the distinct lower-case first and last names of each tenant, among which a
--    name search (search.sql) looks for the fragment before it reads any contact.
-- Neither table is audited: both are derived from contacts, and one function, crm_recount_contacts,
-- rebuilds both (hence one file for both).
-- Only the triggers below write them, as the owner; crm_app may read its tenant's rows. Their
-- row-level security comes from row_level_security.sql, re-run after this file: the first fill below
-- writes as the owner with no tenant set, which tenant_isolation would refuse.

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

REVOKE EXECUTE ON FUNCTION crm_recount_contacts(uuid) FROM PUBLIC;
GRANT SELECT ON contact_tallies, contact_name_terms TO crm_app;

-- SUPERSEDED: not live. Re-creates the contact name terms and the crm_recount_contacts that kept
-- them, as ContactListSpeed made them (ContactListSpeed_contact_tallies.sql): SearchEverything's Down.
-- Statements copied from that file; do not edit them.

CREATE TABLE contact_name_terms (
    tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    term text NOT NULL CHECK (term <> '' AND term = lower(term)),
    PRIMARY KEY (tenant_id, term)
);
CREATE INDEX ix_contact_name_terms_trgm ON contact_name_terms USING gin (term gin_trgm_ops);

-- Rebuilds a tenant's tally and name terms from its contacts: after a bulk load with triggers off.
CREATE OR REPLACE FUNCTION crm_recount_contacts(tenant uuid) RETURNS void
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

INSERT INTO contact_name_terms (tenant_id, term)
SELECT DISTINCT c.tenant_id, name FROM contacts c
CROSS JOIN LATERAL (VALUES (lower(btrim(c.first_name))), (lower(btrim(c.last_name)))) AS n(name)
WHERE name <> '';

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

GRANT SELECT ON contact_name_terms TO crm_app;
-- Row-level security as row_level_security.sql gives every tenant table.
ALTER TABLE contact_name_terms ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON contact_name_terms
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);
CREATE POLICY owner_reads_all ON contact_name_terms FOR SELECT TO CURRENT_USER USING (true);

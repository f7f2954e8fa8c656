-- Each tenant's number of live contacts (contact_tallies), kept by statement triggers on contacts,
-- so the contacts list and the dashboard read one row instead of counting a tenant's contacts.
-- Not audited: it is derived from contacts, and crm_recount_contacts rebuilds it.
-- Only the triggers below write it, as the owner; crm_app may read its tenant's row (row-level
-- security as every tenant table, from row_level_security.sql).
--
-- ContactListSpeed made these objects (../Sql/Superseded/ContactListSpeed_contact_tallies.sql, with
-- the contact name terms search has since replaced); SearchEverything re-applies this file to redefine
-- crm_recount_contacts without them, hence IF NOT EXISTS and OR REPLACE throughout.

CREATE TABLE IF NOT EXISTS contact_tallies (
    tenant_id uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    live_contacts bigint NOT NULL CHECK (live_contacts >= 0)
);

-- Rebuilds a tenant's tally from its contacts: after a bulk load with triggers off.
CREATE OR REPLACE FUNCTION crm_recount_contacts(tenant uuid) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    INSERT INTO contact_tallies (tenant_id, live_contacts)
    SELECT tenant, count(*) FROM contacts WHERE tenant_id = tenant AND deleted_at IS NULL
    ON CONFLICT (tenant_id) DO UPDATE SET live_contacts = excluded.live_contacts;
$$;

-- Transition tables allow one event per trigger, hence three triggers on one function. Inserts add
-- to the tally (creating the tenant's row); updates and deletes only adjust an existing row, so
-- the cascade of a tenant's deletion never recreates the row it just removed.
CREATE OR REPLACE FUNCTION crm_tally_contacts() RETURNS trigger
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

CREATE OR REPLACE TRIGGER tally_inserted AFTER INSERT ON contacts REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm_tally_contacts();
CREATE OR REPLACE TRIGGER tally_updated AFTER UPDATE ON contacts REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm_tally_contacts();
CREATE OR REPLACE TRIGGER tally_deleted AFTER DELETE ON contacts REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION crm_tally_contacts();

REVOKE EXECUTE ON FUNCTION crm_recount_contacts(uuid) FROM PUBLIC;
GRANT SELECT ON contact_tallies TO crm_app;

-- The API lists companies oldest-first or by last change with keyset paging (as ix_contacts_live_by_created/updated
-- in api_keys.sql do for contacts): these keep a page one index range scan however many companies a tenant has.
-- Tags need none: a tenant has tens of them, and ux_tags_name already leads with tenant_id.
CREATE INDEX ix_companies_live_by_created ON companies (tenant_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX ix_companies_live_by_updated ON companies (tenant_id, updated_at, id) WHERE deleted_at IS NULL;

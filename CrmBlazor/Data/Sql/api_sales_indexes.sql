-- The API lists deals and activities oldest-first or by last change with keyset paging (KeysetPages):
-- these keep a page one index range scan however many rows a tenant has, as api_keys.sql's do for contacts.
CREATE INDEX ix_deals_live_by_created ON deals (tenant_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX ix_deals_live_by_updated ON deals (tenant_id, updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX ix_activities_live_by_created ON activities (tenant_id, created_at, id) WHERE deleted_at IS NULL;
CREATE INDEX ix_activities_live_by_updated ON activities (tenant_id, updated_at, id) WHERE deleted_at IS NULL;

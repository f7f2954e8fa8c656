-- An API key's use. The app keeps api_keys.last_used_at current (at most one write a minute per key,
-- ApiKeyUse) and records a key's first use as its own event (api_key.first_used). Those touches are
-- not changes anyone made to the key, so the row audit leaves last_used_at out: an update that only
-- moves it (and the stamps) writes no audit row. Creating, renaming and revoking are still audited.
-- audit.sql keeps the trigger as Schema made it; this is its live definition.
DROP TRIGGER audit_row ON api_keys;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION crm_audit_row('id', 'key_hash', 'last_used_at');

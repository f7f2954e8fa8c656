DROP INDEX ix_contacts_live_by_updated;
DROP INDEX ix_contacts_live_by_created;
ALTER TABLE api_keys DROP CONSTRAINT ck_api_keys_key_hash;
ALTER TABLE api_keys DROP CONSTRAINT ck_api_keys_scopes;
DROP FUNCTION crm_find_api_key(text);

-- Undoes audit_events.sql.
DROP FUNCTION crm_record_bulk_load(text[], text);
ALTER TABLE tenants DROP CONSTRAINT ck_tenants_id_not_nil;
DROP FUNCTION crm_record_sign_in_failure(text);
DROP FUNCTION crm_audit_password_change() CASCADE;

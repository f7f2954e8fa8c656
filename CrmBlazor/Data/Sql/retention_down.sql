-- Undoes retention.sql.
DROP TRIGGER retention_set_by_owner ON tenants;
DROP FUNCTION crm_assert_retention_set_by_owner();
DROP FUNCTION crm_purge_audit(integer);
DROP FUNCTION crm_is_security_event(text);

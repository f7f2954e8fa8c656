-- Back to the trigger as audit.sql (Schema) made it: every last_used_at touch audited.
DROP TRIGGER audit_row ON api_keys;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON api_keys FOR EACH ROW EXECUTE FUNCTION crm_audit_row('id', 'key_hash');

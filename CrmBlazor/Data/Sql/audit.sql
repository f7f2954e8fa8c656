-- The audit log. crm_app may add rows to audit_logs but never change or remove one (app_privileges.sql).
-- These triggers run as the acting session (not SECURITY DEFINER): an audit row passes the same
-- row-level security as the change it records.

-- Every insert, update and delete writes its old and new row to audit_logs, as the acting user.
-- Argument 1 names the record the change belongs to (a join row belongs to its parent); the rest
-- are columns never copied into the log (password hashes, key hashes, tokens).
CREATE FUNCTION crm_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    hidden text[] := TG_ARGV[1:];
    old_row jsonb;
    new_row jsonb;
    row_data jsonb;
BEGIN
    IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD) - hidden; END IF;
    IF TG_OP <> 'DELETE' THEN new_row := to_jsonb(NEW) - hidden; END IF;
    -- An update that changed nothing but its stamps is not a change worth recording.
    IF TG_OP = 'UPDATE' AND old_row - '{updated_at,updated_by}'::text[] = new_row - '{updated_at,updated_by}'::text[] THEN
        RETURN NULL;
    END IF;
    row_data := coalesce(new_row, old_row);
    INSERT INTO audit_logs (tenant_id, table_name, record_id, action, old_data, new_data)
    VALUES (coalesce((row_data ->> 'tenant_id')::uuid, (row_data ->> 'id')::uuid), TG_TABLE_NAME,
            (row_data ->> TG_ARGV[0])::uuid, lower(TG_OP), old_row, new_row);
    RETURN NULL;
END $$;

CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON tenants FOR EACH ROW EXECUTE FUNCTION crm_audit_row('id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION crm_audit_row('id', 'password_hash', 'security_stamp', 'concurrency_stamp');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON user_roles FOR EACH ROW EXECUTE FUNCTION crm_audit_row('user_id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON user_claims FOR EACH ROW EXECUTE FUNCTION crm_audit_row('user_id', 'claim_value');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON user_logins FOR EACH ROW EXECUTE FUNCTION crm_audit_row('user_id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON user_tokens FOR EACH ROW EXECUTE FUNCTION crm_audit_row('user_id', 'value');
-- ImportJobs re-creates the triggers of companies, contacts, deals and their tag links (import_bulk_writes.sql).
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON companies FOR EACH ROW EXECUTE FUNCTION crm_audit_row('id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON company_roles FOR EACH ROW EXECUTE FUNCTION crm_audit_row('company_id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON contacts FOR EACH ROW EXECUTE FUNCTION crm_audit_row('id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON tags FOR EACH ROW EXECUTE FUNCTION crm_audit_row('id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON contact_tags FOR EACH ROW EXECUTE FUNCTION crm_audit_row('contact_id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON company_tags FOR EACH ROW EXECUTE FUNCTION crm_audit_row('company_id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON deal_tags FOR EACH ROW EXECUTE FUNCTION crm_audit_row('deal_id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON pipelines FOR EACH ROW EXECUTE FUNCTION crm_audit_row('id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON pipeline_stages FOR EACH ROW EXECUTE FUNCTION crm_audit_row('id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON deals FOR EACH ROW EXECUTE FUNCTION crm_audit_row('id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON deal_participants FOR EACH ROW EXECUTE FUNCTION crm_audit_row('deal_id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON activities FOR EACH ROW EXECUTE FUNCTION crm_audit_row('id');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON api_keys FOR EACH ROW EXECUTE FUNCTION crm_audit_row('id', 'key_hash');
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON import_jobs FOR EACH ROW EXECUTE FUNCTION crm_audit_row('id');

-- The entry stamp on audit_logs (who, when, from where) lives in audit_entry.sql.

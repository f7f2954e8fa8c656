-- The audit entry stamp. The app may add events to the audit log, but not say who, when or from
-- where: the session decides, so an entry can never be written in someone else's name or from
-- someone else's address. app.client_ip and app.user_agent are set beside app.tenant_id by the app
-- (TenantPerTransaction, per transaction: the request's, or the circuit's when it opened; '' for background work,
-- which leaves both null). The agent is cut to the column's 512 characters.
CREATE FUNCTION crm_stamp_audit_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.changed_by := NULLIF(current_setting('app.user_id', true), '')::uuid;
    NEW.changed_at := now();
    NEW.client_ip := NULLIF(current_setting('app.client_ip', true), '')::inet;
    NEW.user_agent := left(NULLIF(current_setting('app.user_agent', true), ''), 512);
    RETURN NEW;
END $$;
CREATE TRIGGER stamp_entry BEFORE INSERT ON audit_logs FOR EACH ROW EXECUTE FUNCTION crm_stamp_audit_entry();

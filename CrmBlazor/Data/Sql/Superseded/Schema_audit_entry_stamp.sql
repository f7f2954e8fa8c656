-- Superseded by AuditOrigin (audit_entry.sql), which stamps the client's address and user agent too.
-- The Schema migration applies this after audit.sql, and AuditOrigin's Down re-creates it. Do not edit.
-- The app may add events to the audit log, but not say who or when: the session decides, so an
-- entry can never be written in someone else's name.
CREATE FUNCTION crm_stamp_audit_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.changed_by := NULLIF(current_setting('app.user_id', true), '')::uuid;
    NEW.changed_at := now();
    RETURN NEW;
END $$;
CREATE TRIGGER stamp_entry BEFORE INSERT ON audit_logs FOR EACH ROW EXECUTE FUNCTION crm_stamp_audit_entry();

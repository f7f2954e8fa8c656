-- Undoes audit.sql: CASCADE drops the triggers too, those on tables that outlive the Schema
-- migration's Down (tenants, users, user_*) included.
DROP FUNCTION crm_audit_row() CASCADE;
DROP FUNCTION crm_stamp_audit_entry() CASCADE;

-- Undoes audit.sql: CASCADE drops the triggers too, those on tables that outlive the Schema
-- migration's Down (tenants, users, user_*) included. (The entry stamp is audit_entry.sql's.)
DROP FUNCTION crm_audit_row() CASCADE;

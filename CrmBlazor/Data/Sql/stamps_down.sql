-- Undoes stamps.sql: CASCADE drops the triggers too, those on tables that outlive the Schema
-- migration's Down (tenants, users) included.
DROP FUNCTION crm_stamp_update() CASCADE;

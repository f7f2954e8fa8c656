-- Undoes Schema_audit_entry_stamp.sql, in the Schema migration's Down (the trigger goes with the function).
DROP FUNCTION crm_stamp_audit_entry() CASCADE;

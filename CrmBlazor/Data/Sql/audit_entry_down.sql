-- Undoes audit_entry.sql (the trigger goes with the function).
DROP FUNCTION crm_stamp_audit_entry() CASCADE;

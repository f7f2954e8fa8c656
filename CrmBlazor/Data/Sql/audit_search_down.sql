-- Undoes audit_search.sql, before AuditLogSearch's Down drops record_name and re-creates the old indexes.
DROP FUNCTION crm_audit_search(uuid, text, text, text, timestamptz, timestamptz, text, integer, integer, integer);
DROP INDEX ix_audit_logs_record_name_trgm;
DROP EXTENSION btree_gin;

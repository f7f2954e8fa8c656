-- Undoes import_leases.sql: the row audit of import_jobs as audit.sql made it. The ImportLeases migration's Down
-- then re-creates the first crm_next_import_job (Superseded/ImportJobs_next_import_job.sql) and drops the columns.
DROP TRIGGER audit_row ON import_jobs;
CREATE TRIGGER audit_row AFTER INSERT OR UPDATE OR DELETE ON import_jobs FOR EACH ROW EXECUTE FUNCTION crm_audit_row('id');
DROP FUNCTION crm_next_import_job(text, interval);

-- Undoes import.sql and the crm_next_import_job ImportJobs made with it (Superseded/ImportJobs_next_import_job.sql;
-- ImportLeases' Down has put it back by then). The ImportJobs migration's Down drops the columns and presets EF made.
DROP FUNCTION crm_next_import_job();
DROP TABLE import_created_records;
DROP TABLE import_rows;
DROP TABLE import_file_chunks;

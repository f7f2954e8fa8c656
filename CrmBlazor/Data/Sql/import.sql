-- What an import job keeps besides its import_jobs row: the uploaded file, the staging rows the
-- review validates and the write phase reads, and the records it created beside its rows (companies,
-- tags), which undo removes. All of it belongs to the job's tenant (row-level security, like every
-- tenant table) and goes with the job. Their keys lead with the tenant, so each also indexes its key to
-- the job (row-level security gives every query the tenant).

-- The file as uploaded, in chunks of at most 1 MB, so any app node can run the job.
CREATE TABLE import_file_chunks (
    tenant_id uuid NOT NULL DEFAULT NULLIF(current_setting('app.tenant_id', true), '')::uuid,
    job_id uuid NOT NULL,
    chunk integer NOT NULL CHECK (chunk >= 0),
    data bytea NOT NULL,
    PRIMARY KEY (tenant_id, job_id, chunk),
    FOREIGN KEY (tenant_id, job_id) REFERENCES import_jobs (tenant_id, id) ON DELETE CASCADE
);

-- One row per data row of the file. raw holds the fields as read (the error report gives them back);
-- mapped holds one value per field of the job's kind, in ImportFields order (null: unmapped or empty).
-- Reading fills problem for what only the file shows (NUL characters, ragged rows, bad numbers or dates);
-- the review adds the rest (null: the row is valid) and what the row refers to. record_id is the id
-- a created record gets (drawn up front, so the write phase never updates its staging rows); an
-- updated record keeps its existing_id, its values before the import in previous and the tags the
-- import added to it in added_tag_ids, for undo. What
-- became of a row follows from these and the job's settings (ImportOutcomes).
CREATE TABLE import_rows (
    tenant_id uuid NOT NULL DEFAULT NULLIF(current_setting('app.tenant_id', true), '')::uuid,
    job_id uuid NOT NULL,
    row_number integer NOT NULL CHECK (row_number > 0),
    raw text[] NOT NULL,
    mapped text[] NOT NULL,
    problem text,
    duplicate boolean NOT NULL DEFAULT false,
    existing_id uuid,
    owner_id uuid,
    company_id uuid,
    pipeline_id uuid,
    stage_id uuid,
    contact_id uuid,
    record_id uuid NOT NULL DEFAULT gen_random_uuid(),
    previous jsonb,
    added_tag_ids uuid[],
    PRIMARY KEY (tenant_id, job_id, row_number),
    FOREIGN KEY (tenant_id, job_id) REFERENCES import_jobs (tenant_id, id) ON DELETE CASCADE
);

-- Companies and tags a job created for its rows; undo deletes them with the rows.
CREATE TABLE import_created_records (
    tenant_id uuid NOT NULL DEFAULT NULLIF(current_setting('app.tenant_id', true), '')::uuid,
    job_id uuid NOT NULL,
    table_name text NOT NULL CHECK (table_name IN ('companies', 'tags')),
    record_id uuid NOT NULL,
    PRIMARY KEY (tenant_id, job_id, table_name, record_id),
    FOREIGN KEY (tenant_id, job_id) REFERENCES import_jobs (tenant_id, id) ON DELETE CASCADE
);

-- crm_app reads and writes these and the presets (made by the same migration) like every tenant table.
GRANT SELECT, INSERT, UPDATE, DELETE ON import_presets, import_file_chunks, import_rows, import_created_records TO crm_app;

-- crm_next_import_job, which runners claim jobs with, lives in import_leases.sql (ImportLeases); the ImportJobs
-- migration made the first one, with session advisory locks: Superseded/ImportJobs_next_import_job.sql.

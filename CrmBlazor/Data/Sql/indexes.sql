-- Uniqueness that ignores soft-deleted rows and letter case, and the trigram indexes search uses.
-- ux_users_email: dropped by the EmailReservation migration (user_emails.sql), which reserves an email once confirmed.
CREATE UNIQUE INDEX ux_users_email ON users (lower(email));
CREATE UNIQUE INDEX ux_contacts_email_active ON contacts (tenant_id, lower(email))
    WHERE deleted_at IS NULL AND email IS NOT NULL;
CREATE UNIQUE INDEX ux_companies_domain_active ON companies (tenant_id, lower(domain))
    WHERE deleted_at IS NULL AND domain IS NOT NULL;
CREATE UNIQUE INDEX ux_tags_name ON tags (tenant_id, lower(name));
CREATE UNIQUE INDEX ux_pipelines_name ON pipelines (tenant_id, lower(name));
CREATE UNIQUE INDEX ux_pipelines_one_default ON pipelines (tenant_id) WHERE is_default;
CREATE UNIQUE INDEX ux_pipeline_stages_name ON pipeline_stages (pipeline_id, lower(name));
-- Deferred so stages can swap positions inside one transaction.
ALTER TABLE pipeline_stages ADD CONSTRAINT uq_pipeline_stages_position
    UNIQUE (pipeline_id, position) DEFERRABLE INITIALLY DEFERRED;

CREATE INDEX ix_contacts_search_trgm ON contacts USING gin (search_text gin_trgm_ops);
CREATE INDEX ix_companies_name_trgm ON companies USING gin (lower(name) gin_trgm_ops);

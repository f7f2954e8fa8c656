-- Undoes provenance.sql: the keys, their indexes and the insert stamp go; crm_stamp_update is back as
-- stamps.sql made it. Rows whose created_by was cleared stay cleared.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['activities', 'api_keys', 'companies', 'company_roles', 'company_tags', 'contacts', 'contact_tags',
                             'deals', 'deal_participants', 'deal_tags', 'import_jobs', 'import_presets', 'lost_reasons',
                             'pipelines', 'pipeline_stages', 'tags', 'tenants', 'users']
    LOOP
        EXECUTE format('ALTER TABLE %1$I DROP CONSTRAINT %2$I', t, 'fk_' || t || '_created_by');
        EXECUTE format('DROP INDEX %I', 'ix_' || t || '_created_by');
        EXECUTE format('DROP TRIGGER stamp_insert ON %I', t);
    END LOOP;
END $$;
DROP FUNCTION crm_stamp_insert();

CREATE OR REPLACE FUNCTION crm_stamp_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.created_by IS DISTINCT FROM OLD.created_by THEN
        RAISE EXCEPTION 'created_at and created_by of % cannot be changed', TG_TABLE_NAME
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_created_is_immutable';
    END IF;
    NEW.updated_at := now();
    NEW.updated_by := coalesce(NULLIF(current_setting('app.user_id', true), '')::uuid, NEW.updated_by);
    RETURN NEW;
END $$;

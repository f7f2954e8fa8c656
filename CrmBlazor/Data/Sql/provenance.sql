-- Provenance: who made a row is the session's user, never what the client says, and names a user of
-- the row's own tenant.

-- created_by and updated_by of a new row are the session's user (app.user_id) whatever the INSERT
-- says, as crm_stamp_update does for updated_by and crm_stamp_audit_entry for changed_by: a client
-- cannot write a row in someone else's name. With no user set (the owner's jobs, seeding, bulk loads)
-- they stay as given. The WHEN skips the call when the row already says the session's user (the column
-- default), so an import's million inserts pay only for the comparison.
CREATE FUNCTION crm_stamp_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.created_by := NULLIF(current_setting('app.user_id', true), '')::uuid;
    NEW.updated_by := NEW.created_by;
    RETURN NEW;
END $$;

-- created_at/created_by still never change, but for one thing: created_by may be cleared once it
-- names no user of the row's tenant, which is what ON DELETE SET NULL (created_by) below does when a
-- user is purged (the key's action runs as the table owner, who sees every user) and what this
-- migration does to the rows that pointed nowhere. Live definition; stamps.sql keeps what Schema made.
CREATE OR REPLACE FUNCTION crm_stamp_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.created_at IS DISTINCT FROM OLD.created_at THEN
        RAISE EXCEPTION 'created_at and created_by of % cannot be changed', TG_TABLE_NAME
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_created_is_immutable';
    END IF;
    IF NEW.created_by IS DISTINCT FROM OLD.created_by THEN
        IF NEW.created_by IS NOT NULL OR EXISTS (
            SELECT 1 FROM users u
            WHERE u.id = OLD.created_by
              AND u.tenant_id = coalesce(to_jsonb(OLD) ->> 'tenant_id', to_jsonb(OLD) ->> 'id')::uuid) THEN
            RAISE EXCEPTION 'created_at and created_by of % cannot be changed', TG_TABLE_NAME
                USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_created_is_immutable';
        END IF;
    END IF;
    NEW.updated_at := now();
    NEW.updated_by := coalesce(NULLIF(current_setting('app.user_id', true), '')::uuid, NEW.updated_by);
    RETURN NEW;
END $$;

-- Each table's stamp, its same-tenant key (tenant_id, created_by) → users (tenant_id, id) (a tenant's
-- own row: (id, created_by), checked at commit: a tenant is made before its first user, in the same
-- transaction) and the index that key's ON DELETE needs. The key is added NOT VALID and
-- validated after the rows that point nowhere (a purged user, another tenant's user, a made-up id) are
-- cleared, tenant by tenant under row-level security, so the clearing is audited as the tenant's.
DO $$
DECLARE
    t record;
    tenant uuid;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('activities', 'tenant_id'), ('api_keys', 'tenant_id'), ('companies', 'tenant_id'), ('company_roles', 'tenant_id'),
        ('company_tags', 'tenant_id'), ('contacts', 'tenant_id'), ('contact_tags', 'tenant_id'), ('deals', 'tenant_id'),
        ('deal_participants', 'tenant_id'), ('deal_tags', 'tenant_id'), ('import_jobs', 'tenant_id'),
        ('import_presets', 'tenant_id'), ('lost_reasons', 'tenant_id'), ('pipelines', 'tenant_id'),
        ('pipeline_stages', 'tenant_id'), ('tags', 'tenant_id'), ('tenants', 'id'), ('users', 'tenant_id')
    ) AS v (name, tenant_column)
    LOOP
        EXECUTE format('CREATE TRIGGER stamp_insert BEFORE INSERT ON %1$I FOR EACH ROW '
                       || 'WHEN (NULLIF(current_setting(''app.user_id'', true), '''') IS NOT NULL '
                       || 'AND (NEW.created_by IS DISTINCT FROM NULLIF(current_setting(''app.user_id'', true), '''')::uuid '
                       || 'OR NEW.updated_by IS DISTINCT FROM NULLIF(current_setting(''app.user_id'', true), '''')::uuid)) '
                       || 'EXECUTE FUNCTION crm_stamp_insert()', t.name);
        EXECUTE format('CREATE INDEX %2$I ON %1$I (%3$I, created_by)', t.name, 'ix_' || t.name || '_created_by', t.tenant_column);
        EXECUTE format('ALTER TABLE %1$I ADD CONSTRAINT %2$I FOREIGN KEY (%3$I, created_by) REFERENCES users (tenant_id, id) '
                       || 'ON DELETE SET NULL (created_by)' || CASE WHEN t.name = 'tenants' THEN ' DEFERRABLE INITIALLY DEFERRED' ELSE '' END
                       || ' NOT VALID', t.name, 'fk_' || t.name || '_created_by', t.tenant_column);
        FOR tenant IN SELECT id FROM tenants LOOP
            PERFORM set_config('app.tenant_id', tenant::text, true);
            EXECUTE format('UPDATE %1$I r SET created_by = NULL WHERE r.%2$I = $1 AND r.created_by IS NOT NULL '
                           || 'AND NOT EXISTS (SELECT FROM users u WHERE u.tenant_id = r.%2$I AND u.id = r.created_by)',
                           t.name, t.tenant_column) USING tenant;
        END LOOP;
        PERFORM set_config('app.tenant_id', '', true);
        EXECUTE format('ALTER TABLE %1$I VALIDATE CONSTRAINT %2$I', t.name, 'fk_' || t.name || '_created_by');
        EXECUTE format('ANALYZE %I', t.name);
    END LOOP;
END $$;

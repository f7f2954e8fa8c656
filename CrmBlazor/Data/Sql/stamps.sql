-- updated_at/updated_by on every update; created_at/created_by can never change.
CREATE FUNCTION crm_stamp_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.created_by IS DISTINCT FROM OLD.created_by THEN
        RAISE EXCEPTION 'created_at and created_by of % cannot be changed', TG_TABLE_NAME
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ck_created_is_immutable';
    END IF;
    NEW.updated_at := now();
    NEW.updated_by := coalesce(NULLIF(current_setting('app.user_id', true), '')::uuid, NEW.updated_by);
    RETURN NEW;
END $$;

CREATE TRIGGER stamp_update BEFORE UPDATE ON tenants FOR EACH ROW EXECUTE FUNCTION crm_stamp_update();
CREATE TRIGGER stamp_update BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION crm_stamp_update();
CREATE TRIGGER stamp_update BEFORE UPDATE ON companies FOR EACH ROW EXECUTE FUNCTION crm_stamp_update();
CREATE TRIGGER stamp_update BEFORE UPDATE ON company_roles FOR EACH ROW EXECUTE FUNCTION crm_stamp_update();
CREATE TRIGGER stamp_update BEFORE UPDATE ON contacts FOR EACH ROW EXECUTE FUNCTION crm_stamp_update();
CREATE TRIGGER stamp_update BEFORE UPDATE ON tags FOR EACH ROW EXECUTE FUNCTION crm_stamp_update();
CREATE TRIGGER stamp_update BEFORE UPDATE ON contact_tags FOR EACH ROW EXECUTE FUNCTION crm_stamp_update();
CREATE TRIGGER stamp_update BEFORE UPDATE ON company_tags FOR EACH ROW EXECUTE FUNCTION crm_stamp_update();
CREATE TRIGGER stamp_update BEFORE UPDATE ON deal_tags FOR EACH ROW EXECUTE FUNCTION crm_stamp_update();
CREATE TRIGGER stamp_update BEFORE UPDATE ON pipelines FOR EACH ROW EXECUTE FUNCTION crm_stamp_update();
CREATE TRIGGER stamp_update BEFORE UPDATE ON pipeline_stages FOR EACH ROW EXECUTE FUNCTION crm_stamp_update();
CREATE TRIGGER stamp_update BEFORE UPDATE ON deals FOR EACH ROW EXECUTE FUNCTION crm_stamp_update();
CREATE TRIGGER stamp_update BEFORE UPDATE ON deal_participants FOR EACH ROW EXECUTE FUNCTION crm_stamp_update();
CREATE TRIGGER stamp_update BEFORE UPDATE ON activities FOR EACH ROW EXECUTE FUNCTION crm_stamp_update();
CREATE TRIGGER stamp_update BEFORE UPDATE ON api_keys FOR EACH ROW EXECUTE FUNCTION crm_stamp_update();
CREATE TRIGGER stamp_update BEFORE UPDATE ON import_jobs FOR EACH ROW EXECUTE FUNCTION crm_stamp_update();

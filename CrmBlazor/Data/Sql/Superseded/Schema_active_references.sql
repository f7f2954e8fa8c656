-- SUPERSEDED: not live. crm_assert_active_references and its triggers as the Schema migration made
-- them (they were part of business_rules.sql). TenantRules replaced them with active_references.sql,
-- which also refuses references to deactivated users; its Down re-creates these from this file. Do not
-- edit its statements: both migrations must keep producing the schema they produced.

-- A new or changed reference may not point at a soft-deleted parent.
-- Arguments come in pairs: referencing column, referenced table.
CREATE FUNCTION crm_assert_active_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    i int := 0;
    ref uuid;
    is_deleted boolean;
BEGIN
    WHILE i < TG_NARGS LOOP
        ref := (to_jsonb(NEW) ->> TG_ARGV[i])::uuid;
        IF ref IS NOT NULL AND (TG_OP = 'INSERT' OR ref IS DISTINCT FROM (to_jsonb(OLD) ->> TG_ARGV[i])::uuid) THEN
            EXECUTE format('SELECT deleted_at IS NOT NULL FROM %I WHERE id = $1', TG_ARGV[i + 1]) INTO is_deleted USING ref;
            IF is_deleted THEN
                RAISE EXCEPTION '%.% refers to a deleted row of %', TG_TABLE_NAME, TG_ARGV[i], TG_ARGV[i + 1]
                    USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'fk_' || TG_TABLE_NAME || '_active_' || TG_ARGV[i];
            END IF;
        END IF;
        i := i + 2;
    END LOOP;
    RETURN NEW;
END $$;

CREATE TRIGGER assert_active_references BEFORE INSERT OR UPDATE ON contacts
    FOR EACH ROW EXECUTE FUNCTION crm_assert_active_references('company_id', 'companies');
CREATE TRIGGER assert_active_references BEFORE INSERT OR UPDATE ON deals
    FOR EACH ROW EXECUTE FUNCTION crm_assert_active_references('contact_id', 'contacts', 'company_id', 'companies');
CREATE TRIGGER assert_active_references BEFORE INSERT OR UPDATE ON activities
    FOR EACH ROW EXECUTE FUNCTION crm_assert_active_references('contact_id', 'contacts', 'company_id', 'companies', 'deal_id', 'deals');
CREATE TRIGGER assert_active_references BEFORE INSERT OR UPDATE ON deal_participants
    FOR EACH ROW EXECUTE FUNCTION crm_assert_active_references('company_id', 'companies');

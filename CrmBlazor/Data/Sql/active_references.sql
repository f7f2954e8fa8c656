-- A new or changed reference may not point at a soft-deleted parent, nor an owner at a user who is
-- deleted or deactivated: a record handed to someone who can no longer sign in has nobody to follow
-- it up. Only new and changed references are checked: a user deactivated later leaves their records
-- as they are (Admin → Users hands them over in the same transaction; db check reports any left).
-- Arguments come in pairs: referencing column, referenced table.
CREATE FUNCTION crm_assert_active_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    i int := 0;
    ref uuid;
    is_gone boolean;
BEGIN
    WHILE i < TG_NARGS LOOP
        ref := (to_jsonb(NEW) ->> TG_ARGV[i])::uuid;
        IF ref IS NOT NULL AND (TG_OP = 'INSERT' OR ref IS DISTINCT FROM (to_jsonb(OLD) ->> TG_ARGV[i])::uuid) THEN
            EXECUTE format('SELECT deleted_at IS NOT NULL%s FROM %I WHERE id = $1',
                           CASE WHEN TG_ARGV[i + 1] = 'users' THEN ' OR NOT is_active' ELSE '' END, TG_ARGV[i + 1])
                INTO is_gone USING ref;
            IF is_gone THEN
                RAISE EXCEPTION '%.% refers to a % row of %', TG_TABLE_NAME, TG_ARGV[i],
                    CASE WHEN TG_ARGV[i + 1] = 'users' THEN 'deleted or deactivated' ELSE 'deleted' END, TG_ARGV[i + 1]
                    USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'fk_' || TG_TABLE_NAME || '_active_' || TG_ARGV[i];
            END IF;
        END IF;
        i := i + 2;
    END LOOP;
    RETURN NEW;
END $$;

CREATE TRIGGER assert_active_references BEFORE INSERT OR UPDATE ON contacts
    FOR EACH ROW EXECUTE FUNCTION crm_assert_active_references('company_id', 'companies', 'owner_id', 'users');
CREATE TRIGGER assert_active_references BEFORE INSERT OR UPDATE ON companies
    FOR EACH ROW EXECUTE FUNCTION crm_assert_active_references('owner_id', 'users');
CREATE TRIGGER assert_active_references BEFORE INSERT OR UPDATE ON deals
    FOR EACH ROW EXECUTE FUNCTION crm_assert_active_references('contact_id', 'contacts', 'company_id', 'companies', 'owner_id', 'users');
CREATE TRIGGER assert_active_references BEFORE INSERT OR UPDATE ON activities
    FOR EACH ROW EXECUTE FUNCTION crm_assert_active_references('contact_id', 'contacts', 'company_id', 'companies', 'deal_id', 'deals', 'owner_id', 'users');
CREATE TRIGGER assert_active_references BEFORE INSERT OR UPDATE ON deal_participants
    FOR EACH ROW EXECUTE FUNCTION crm_assert_active_references('company_id', 'companies');

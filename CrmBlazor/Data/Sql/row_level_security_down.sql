-- Undoes row_level_security.sql on the Foundation tables, which outlive the Schema migration's Down;
-- the policies of the tables it created go with them.
DO $$
DECLARE
    foundation_table text;
BEGIN
    FOREACH foundation_table IN ARRAY ARRAY['tenants', 'users', 'user_roles', 'user_claims', 'user_logins', 'user_tokens'] LOOP
        EXECUTE format('DROP POLICY tenant_isolation ON %I', foundation_table);
        EXECUTE format('DROP POLICY owner_reads_all ON %I', foundation_table);
        EXECUTE format('ALTER TABLE %I NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY', foundation_table);
    END LOOP;
END $$;

-- Row-level security on every tenant table, forced for the owner too. A session sees and writes only
-- rows of the tenant in app.tenant_id; with no tenant set it sees nothing and can insert nothing.
-- The one exception is owner_reads_all: the schema owner (migrations, ./crm db check, the sign-in
-- lookup, the commit-time rule checks in business_rules.sql) may read every tenant's rows. It could
-- drop the policies anyway; it still writes only within app.tenant_id, and crm_app, the app's login,
-- gets no such policy.
--
-- A tenant table is tenants itself or any table with a tenant_id column, read from the catalog, so no
-- table can be left out. Tables that already have row-level security are skipped: like grants.sql,
-- this is re-run at the end of every migration that adds tenant tables, after any data it copies in
-- as the owner with no tenant set (which tenant_isolation would refuse).
DO $$
DECLARE
    tenant_table record;
BEGIN
    FOR tenant_table IN
        SELECT c.relname AS name, CASE WHEN c.relname = 'tenants' THEN 'id' ELSE 'tenant_id' END AS tenant_column
        FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relrowsecurity
          AND (c.relname = 'tenants' OR EXISTS (
              SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped))
        ORDER BY c.relname
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', tenant_table.name);
        EXECUTE format($policy$CREATE POLICY tenant_isolation ON %1$I
            USING (%2$I = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
            WITH CHECK (%2$I = NULLIF(current_setting('app.tenant_id', true), '')::uuid)$policy$,
            tenant_table.name, tenant_table.tenant_column);
        EXECUTE format('CREATE POLICY owner_reads_all ON %I FOR SELECT TO CURRENT_USER USING (true)', tenant_table.name);
    END LOOP;
END $$;

namespace CrmBlazor.Setup;

// Provenance and soft delete: what the audit log and the grants promise, checked where no key or
// trigger can hold it.
public static partial class IntegrityCheck
{
    public const string AuditRowsOfVanishedTenants = "audit rows of vanished tenants";
    public const string HardDeletesAllowedToApp = "hard deletes allowed to the app";

    private static readonly (string Name, Scope Scope, string Sql)[] ProvenanceChecks =
    [
        // The audit log is append-only (crm_app may not UPDATE or DELETE it), so it has no key to tenants: a cascade
        // would erase a tenant's history with it, SET NULL would rewrite it. A tenant row removed by hand (crm_app may
        // not: soft_delete.sql) leaves its history behind, and the operator decides what becomes of it. One example per
        // tenant; rows without a tenant are not a tenant's.
        // The tenants present in the log are found by a skip scan of its tenant-leading indexes (one probe per
        // tenant, not a read of millions of rows); only a vanished tenant's rows are counted. The nil uuid is the
        // log's no-tenant bucket (unknown-email sign-ins: audit_events.sql), which no tenant may take.
        (AuditRowsOfVanishedTenants, Scope.Database, """
            WITH RECURSIVE logged (tenant_id) AS (
                (SELECT tenant_id FROM audit_logs ORDER BY tenant_id LIMIT 1)
                UNION ALL
                SELECT (SELECT a.tenant_id FROM audit_logs a WHERE a.tenant_id > logged.tenant_id ORDER BY a.tenant_id LIMIT 1)
                FROM logged WHERE logged.tenant_id IS NOT NULL)
            SELECT format('tenant %s: %s audit rows, the last on %s', l.tenant_id,
                          (SELECT count(*) FROM audit_logs a WHERE a.tenant_id = l.tenant_id),
                          (SELECT max(a.changed_at) FROM audit_logs a WHERE a.tenant_id = l.tenant_id)::date) AS example, NULL AS link
            FROM logged l
            WHERE l.tenant_id IS NOT NULL AND l.tenant_id <> '00000000-0000-0000-0000-000000000000'
              AND NOT EXISTS (SELECT 1 FROM tenants t WHERE t.id = l.tenant_id)
            """),
        // soft_delete.sql revokes these; re-running grants.sql (every table) in a later migration would quietly give them back.
        (HardDeletesAllowedToApp, Scope.Database, """
            SELECT format('crm_app may %s %s', p.privilege, t.name) AS example, NULL AS link
            FROM unnest(ARRAY['contacts', 'companies', 'deals', 'activities', 'tenants']) AS t (name)
            CROSS JOIN unnest(ARRAY['DELETE', 'TRUNCATE']) AS p (privilege)
            WHERE to_regclass('public.' || t.name) IS NOT NULL AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'crm_app')
              AND has_table_privilege('crm_app', 'public.' || t.name, p.privilege)
            """),
    ];
}

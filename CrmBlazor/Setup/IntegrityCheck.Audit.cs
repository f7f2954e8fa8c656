namespace CrmBlazor.Setup;

/// <summary>
/// The audit trail's own checks: its triggers are all there and on, and the records it should have seen
/// created have their insert row (a load with the triggers off leaves none, unless it recorded itself).
/// </summary>
public static partial class IntegrityCheck
{
    public const string TriggersMissingOrDisabled = "triggers missing or disabled";
    public const string RowsWithoutAuditTrail = "rows with no audit trail";

    /// <summary>
    /// Every trigger the migrations create, as table.trigger, sorted. A test compares it with a freshly
    /// migrated database (ExpectedTriggersTests), so it cannot drift: a migration that adds or drops a
    /// trigger adds or drops its line here, and the test's message lists the lines to add or remove.
    /// </summary>
    public static readonly IReadOnlyList<string> ExpectedTriggers =
    [
        "activities.agree_on_company",
        "activities.assert_active_references",
        "activities.audit_row",
        "activities.search_activity_deleted",
        "activities.search_activity_inserted",
        "activities.search_activity_updated",
        "activities.stamp_insert",
        "activities.stamp_update",
        "activities.webhook_inserted",
        "activities.webhook_updated",
        "api_keys.audit_row",
        "api_keys.stamp_insert",
        "api_keys.stamp_update",
        "audit_logs.stamp_entry",
        "companies.assert_active_references",
        "companies.audit_row",
        "companies.audit_row_inserted",
        "companies.import_rows_only",
        "companies.search_deleted",
        "companies.search_inserted",
        "companies.search_updated",
        "companies.stamp_insert",
        "companies.stamp_update",
        "companies.tidy_web_address",
        "companies.webhook_inserted",
        "companies.webhook_updated",
        "company_roles.audit_row",
        "company_roles.stamp_insert",
        "company_roles.stamp_update",
        "company_tags.audit_row",
        "company_tags.audit_row_inserted",
        "company_tags.import_rows_only",
        "company_tags.stamp_insert",
        "company_tags.stamp_update",
        "contact_tags.audit_row",
        "contact_tags.audit_row_inserted",
        "contact_tags.import_rows_only",
        "contact_tags.stamp_insert",
        "contact_tags.stamp_update",
        "contacts.assert_active_references",
        "contacts.audit_row",
        "contacts.audit_row_inserted",
        "contacts.import_rows_only",
        "contacts.search_deleted",
        "contacts.search_inserted",
        "contacts.search_updated",
        "contacts.stamp_insert",
        "contacts.stamp_update",
        "contacts.tally_deleted",
        "contacts.tally_inserted",
        "contacts.tally_updated",
        "contacts.webhook_inserted",
        "contacts.webhook_updated",
        "deal_participants.assert_active_references",
        "deal_participants.audit_row",
        "deal_participants.primary_customer_is_deal_company",
        "deal_participants.stamp_insert",
        "deal_participants.stamp_update",
        "deal_tags.audit_row",
        "deal_tags.audit_row_inserted",
        "deal_tags.import_rows_only",
        "deal_tags.stamp_insert",
        "deal_tags.stamp_update",
        "deals.assert_active_references",
        "deals.assert_contact_in_company",
        "deals.audit_row",
        "deals.audit_row_inserted",
        "deals.import_rows_only",
        "deals.make_company_primary_customer",
        "deals.move_activities_to_company",
        "deals.search_deleted",
        "deals.search_inserted",
        "deals.search_updated",
        "deals.stamp_insert",
        "deals.stamp_update",
        "deals.webhook_inserted",
        "deals.webhook_updated",
        "import_jobs.audit_row",
        "import_jobs.stamp_insert",
        "import_jobs.stamp_update",
        "import_presets.stamp_insert",
        "lost_reasons.audit_row",
        "lost_reasons.stamp_insert",
        "lost_reasons.stamp_update",
        "pipeline_stages.audit_row",
        "pipeline_stages.keep_won_and_lost",
        "pipeline_stages.open_stages_first",
        "pipeline_stages.stamp_insert",
        "pipeline_stages.stamp_update",
        "pipelines.add_default_lost_reasons",
        "pipelines.audit_row",
        "pipelines.keep_a_default",
        "pipelines.stamp_insert",
        "pipelines.stamp_update",
        "tags.audit_row",
        "tags.stamp_insert",
        "tags.stamp_update",
        "tenants.audit_row",
        "tenants.keep_a_default",
        "tenants.keep_an_owner",
        "tenants.retention_set_by_owner",
        "tenants.stamp_insert",
        "tenants.stamp_update",
        "tenants.two_factor_set_by_owner",
        "user_claims.audit_row",
        "user_logins.audit_row",
        "user_passkeys.audit_row",
        "user_roles.audit_row",
        "user_roles.keep_an_owner",
        "user_roles.user_keeps_a_role",
        "user_tokens.audit_row",
        "users.audit_password_change",
        "users.audit_row",
        "users.keep_an_owner",
        "users.stamp_insert",
        "users.stamp_update",
        "users.user_keeps_a_role",
        "webhook_endpoints.audit_row",
        "webhook_endpoints.stamp_insert",
        "webhook_endpoints.stamp_update",
    ];

    private static readonly (string Name, Scope Scope, string Sql)[] AuditChecks =
    [
        // Present, and enabled for ordinary sessions ('O'): 'D' is off; 'R' fires only in replica sessions and
        // 'A' in every session, neither of which a migration makes. (A session may still skip them with
        // session_replication_role = replica, which only a superuser may set; no catalog shows that.)
        (TriggersMissingOrDisabled, Scope.Database, $"""
            SELECT e.name || CASE WHEN t.oid IS NULL THEN ' missing' WHEN t.tgenabled = 'D' THEN ' disabled'
                                  ELSE format(' enabled as %s, not for every session', t.tgenabled) END AS example,
                   NULL AS link
            FROM unnest(ARRAY[{string.Join(", ", ExpectedTriggers.Select(t => $"'{t}'"))}]::text[]) AS e(name)
            LEFT JOIN pg_trigger t ON NOT t.tgisinternal
                AND t.tgrelid = to_regclass('public.' || split_part(e.name, '.', 1))
                AND t.tgname = split_part(e.name, '.', 2)
            WHERE t.oid IS NULL OR t.tgenabled <> 'O'
            """),
        // Live records created within their tenant's audit retention (older insert rows may be purged) with no
        // insert row in the audit log: written with the triggers off. Not counted: records an import created
        // (audited as the job's set: its staging rows hold their ids, import_bulk_writes.sql) and records of a
        // table created up to a bulk.load event that names it (crm_record_bulk_load). One finding per tenant
        // and table, with the count and one example: a load of millions stays a line, not millions.
        // Each record costs one probe of the audit log's record index (tenant, record_id; table and
        // action included), read from the index alone.
        (RowsWithoutAuditTrail, Scope.Database, """
            WITH loads AS (
                SELECT l.tenant_id, loaded.table_name, max(l.changed_at) AS until
                FROM audit_logs l CROSS JOIN LATERAL jsonb_array_elements_text(l.new_data -> 'tables') AS loaded(table_name)
                WHERE l.event = 'bulk.load'
                GROUP BY l.tenant_id, loaded.table_name),
            records AS (
                SELECT 'contacts' AS table_name, tenant_id, id, created_at FROM contacts WHERE deleted_at IS NULL
                UNION ALL SELECT 'companies', tenant_id, id, created_at FROM companies WHERE deleted_at IS NULL
                UNION ALL SELECT 'deals', tenant_id, id, created_at FROM deals WHERE deleted_at IS NULL
                UNION ALL SELECT 'activities', tenant_id, id, created_at FROM activities WHERE deleted_at IS NULL)
            SELECT format('%s %s: %s without an insert audit row (e.g. %s)', t.slug, r.table_name, count(*), min(r.id::text)) AS example,
                   NULL AS link
            FROM records r
            JOIN tenants t ON t.id = r.tenant_id
            LEFT JOIN loads ON loads.tenant_id = r.tenant_id AND loads.table_name = r.table_name
            WHERE r.created_at >= now() - make_interval(years => t.audit_retention_years)
              AND r.created_at > coalesce(loads.until, '-infinity')
              AND NOT EXISTS (
                  SELECT FROM audit_logs l
                  WHERE l.tenant_id = r.tenant_id AND l.record_id = r.id AND l.table_name = r.table_name AND l.action = 'insert')
              AND NOT EXISTS (SELECT FROM import_rows s WHERE s.tenant_id = r.tenant_id AND s.record_id = r.id)
              AND NOT EXISTS (
                  SELECT FROM import_created_records c
                  WHERE c.tenant_id = r.tenant_id AND c.table_name = r.table_name AND c.record_id = r.id)
            GROUP BY t.slug, r.table_name
            """),
    ];
}

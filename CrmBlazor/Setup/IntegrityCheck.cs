using System.Data;
using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CrmBlazor.Setup;

/// <summary>
/// The integrity report behind <c>./crm db check</c>: the review a CRM's data otherwise gets by hand.
/// Most rules here are enforced by the schema; the checks find what slipped past anyway (a disabled
/// trigger, a dropped index, a parent soft-deleted after its children, a table added by hand).
/// Runs as the schema owner, whose owner_reads_all policies let one query see every tenant; the tenant
/// checks also run as the runtime role under row-level security, for one tenant (Admin → Data health).
/// </summary>
public static partial class IntegrityCheck
{
    public const string TenantsWithoutOwner = "tenants without an active owner";
    public const string DealsInForeignStage = "deals in a stage of another pipeline";
    public const string ReferencesToDeletedRows = "active rows referencing deleted rows";
    public const string DuplicateContactEmails = "duplicate active contact emails";
    public const string DuplicateCompanyDomains = "duplicate active company domains";
    public const string DuplicateUserEmails = "duplicate user emails";
    public const string DealsWithoutPrimaryCustomer = "deals without a primary customer";
    public const string ParticipantsWithoutCompanyRole = "principals and distributors lacking the company role";
    public const string UnindexedForeignKeys = "foreign keys without an index";
    public const string TablesWithoutRowLevelSecurity = "tables without forced row-level security";
    public const string ContactTalliesOutOfStep = "contact tallies out of step with the contacts";
    public const string PendingMigrations = "pending migrations";

    private const int ExampleCount = 5;
    private const int SizeCount = 10;

    /// <summary>Whom a check is about: a tenant's rows (under row-level security, the acting tenant's only), or the database itself.</summary>
    public enum Scope { Tenant, Database }

    // Child, referencing column, parent, when the child counts as live, and the page it is seen on: the references
    // crm_assert_active_references guards on the child's insert and update. Soft-deleting the
    // parent later is not guarded. A participant has no deleted_at: it lives as long as its deal.
    // An activity has no page of its own: it is seen in the activities list.
    private static readonly (string Child, string Column, string Parent, string ChildIsLive, string Link)[] ActiveReferences =
    [
        ("contacts", "company_id", "companies", "child.deleted_at IS NULL", "'/contacts/' || child.id"),
        ("deals", "contact_id", "contacts", "child.deleted_at IS NULL", "'/deals/' || child.id"),
        ("deals", "company_id", "companies", "child.deleted_at IS NULL", "'/deals/' || child.id"),
        ("activities", "contact_id", "contacts", "child.deleted_at IS NULL", "'/activities'"),
        ("activities", "company_id", "companies", "child.deleted_at IS NULL", "'/activities'"),
        ("activities", "deal_id", "deals", "child.deleted_at IS NULL", "'/activities'"),
        ("deal_participants", "company_id", "companies",
            "EXISTS (SELECT 1 FROM deals d WHERE d.id = child.deal_id AND d.deleted_at IS NULL)", "'/deals/' || child.deal_id"),
    ];

    // Each query returns two text columns: example, one row per offending row or object, and link, the
    // app's page where it is seen and put right (null when no page is: the database's own checks).
    // Every area's rules, in report order. A property, not a field: the areas' arrays live in other
    // files of this partial class, and static fields across files initialise in no promised order.
    private static IReadOnlyList<(string Name, Scope Scope, string Sql)> Checks => [.. CoreChecks, .. TenantsChecks, .. DealsChecks, .. ProvenanceChecks, .. AuditChecks, .. MonitoringChecks];

    private static readonly (string Name, Scope Scope, string Sql)[] CoreChecks =
    [
        // Tenants with no users at all included: nobody could sign in to run them (tenant_rules.sql refuses both at commit).
        (TenantsWithoutOwner, Scope.Tenant, """
            SELECT t.slug AS example, '/admin/users' AS link FROM tenants t
            WHERE NOT EXISTS (
                  SELECT 1 FROM users u
                  JOIN user_roles ur ON ur.user_id = u.id
                  JOIN roles r ON r.id = ur.role_id
                  WHERE u.tenant_id = t.id AND r.normalized_name = 'OWNER' AND u.is_active AND u.deleted_at IS NULL)
            """),
        (DealsInForeignStage, Scope.Tenant, """
            SELECT format('%s (%s)', d.title, d.id) AS example, '/deals/' || d.id AS link FROM deals d
            JOIN pipeline_stages s ON s.id = d.stage_id
            WHERE s.pipeline_id <> d.pipeline_id
            """),
        (ReferencesToDeletedRows, Scope.Tenant, string.Join("\nUNION ALL\n", ActiveReferences.Select(r => $"""
            SELECT format('{r.Child} %s → deleted {r.Parent} %s', child.id, parent.id) AS example, {r.Link} AS link
            FROM {r.Child} child JOIN {r.Parent} parent ON parent.id = child.{r.Column}
            WHERE {r.ChildIsLive} AND parent.deleted_at IS NOT NULL
            """))),
        // The list's search finds the duplicates by their address ('%', '+', '&' and '#' escaped for the query string).
        (DuplicateContactEmails, Scope.Tenant, """
            SELECT format('%s ×%s (%s)', lower(c.email), count(*), t.slug) AS example,
                   '/contacts?q=' || replace(replace(replace(replace(lower(c.email), '%', '%25'), '+', '%2B'), '&', '%26'), '#', '%23') AS link
            FROM contacts c JOIN tenants t ON t.id = c.tenant_id
            WHERE c.deleted_at IS NULL AND c.email IS NOT NULL
            GROUP BY t.id, t.slug, lower(c.email) HAVING count(*) > 1
            """),
        // A domain is a bare host name (web_addresses.sql): nothing in it needs escaping.
        (DuplicateCompanyDomains, Scope.Tenant, """
            SELECT format('%s ×%s (%s)', lower(c.domain), count(*), t.slug) AS example, '/companies?q=' || lower(c.domain) AS link
            FROM companies c JOIN tenants t ON t.id = c.tenant_id
            WHERE c.deleted_at IS NULL AND c.domain IS NOT NULL
            GROUP BY t.id, t.slug, lower(c.domain) HAVING count(*) > 1
            """),
        // Across tenants: sign-in finds a user by email before it knows the tenant.
        (DuplicateUserEmails, Scope.Database, """
            SELECT format('%s ×%s', lower(email), count(*)) AS example, NULL AS link
            FROM users GROUP BY lower(email) HAVING count(*) > 1
            """),
        // A deal's company is its primary customer (deal_customer.sql keeps them in step); a deal with no company
        // but other participants has none either, which only this check sees.
        (DealsWithoutPrimaryCustomer, Scope.Tenant, """
            SELECT format('%s (%s)', d.title, d.id) AS example, '/deals/' || d.id AS link FROM deals d
            WHERE d.deleted_at IS NULL
              AND (d.company_id IS NOT NULL OR EXISTS (SELECT 1 FROM deal_participants p WHERE p.deal_id = d.id))
              AND NOT EXISTS (SELECT 1 FROM deal_participants p WHERE p.deal_id = d.id AND p.role = 'customer' AND p.is_primary)
            """),
        (ParticipantsWithoutCompanyRole, Scope.Tenant, """
            SELECT format('%s %s on deal %s', p.role, c.name, p.deal_id) AS example, '/deals/' || p.deal_id AS link
            FROM deal_participants p JOIN companies c ON c.id = p.company_id
            WHERE p.role IN ('principal', 'distributor')
              AND NOT EXISTS (SELECT 1 FROM company_roles r WHERE r.company_id = p.company_id AND r.role = p.role)
            """),
        // The list's total reads the tally the contacts triggers keep; a load with triggers off skews it
        // (crm_recount_contacts repairs a tenant).
        // No page puts it right: the schema owner does.
        (ContactTalliesOutOfStep, Scope.Tenant, """
            SELECT format('%s: tally %s, live contacts %s', t.slug, coalesce(tally.live_contacts, 0), coalesce(live.count, 0)) AS example,
                   NULL AS link
            FROM tenants t
            LEFT JOIN contact_tallies tally ON tally.tenant_id = t.id
            LEFT JOIN (SELECT tenant_id, count(*) AS count FROM contacts WHERE deleted_at IS NULL GROUP BY tenant_id) live ON live.tenant_id = t.id
            WHERE coalesce(tally.live_contacts, 0) <> coalesce(live.count, 0)
            """),
        // Without an index whose leading columns are the key's, every delete or key change of a
        // parent row scans the whole child table. indkey is 0-based; its first n key columns, in any
        // order, must be the key's n columns. A partial index does not count: it misses the rows it filters out.
        (UnindexedForeignKeys, Scope.Database, """
            SELECT format('%s (%s)', c.conrelid::regclass, string_agg(a.attname, ', ' ORDER BY k.position)) AS example, NULL AS link
            FROM pg_constraint c
            CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, position)
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
            WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
              AND NOT EXISTS (
                  SELECT 1 FROM pg_index i
                  WHERE i.indrelid = c.conrelid AND i.indpred IS NULL
                    AND cardinality(c.conkey) <= i.indnkeyatts
                    AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
                    AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey)
            GROUP BY c.oid, c.conrelid
            """),
        // Every table but the global ones (the role list, the ISO 4217 currencies, the record of maintenance runs, the data-protection key ring, the migration
        // history) holds tenant rows, and FORCE keeps the owner inside the policies too.
        (TablesWithoutRowLevelSecurity, Scope.Database, """
            SELECT c.relname || CASE WHEN c.relrowsecurity THEN ' (not forced)' ELSE ' (disabled)' END AS example, NULL AS link
            FROM pg_class c
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
              AND NOT (c.relrowsecurity AND c.relforcerowsecurity)
              AND c.relname NOT IN ('roles', 'role_claims', 'currencies', 'maintenance_runs', 'data_protection_keys', '__EFMigrationsHistory')
            """),
    ];

    private const string SizesSql = """
        SELECT c.relname::text, pg_total_relation_size(c.oid), pg_size_pretty(pg_total_relation_size(c.oid)),
               CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint END
        FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
        ORDER BY 2 DESC, 1
        LIMIT @limit
        """;

    // Superusers bypass row-level security; members of the tables' owner role get owner_reads_all.
    private const string SeesAllTenantsSql = """
        SELECT to_regclass('public.tenants') IS NULL
            OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
            OR pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = to_regclass('public.tenants')), 'MEMBER')
        """;

    // The acting tenant only: a session with a tenant set that row-level security confines to it.
    private static readonly string ConfinedToOneTenantSql =
        $"SELECT NULLIF(current_setting('app.tenant_id', true), '') IS NOT NULL AND NOT ({SeesAllTenantsSql})";

    /// <summary>Runs every check on DB, which must be connected as the schema owner with no tenant set.</summary>
    public static async Task<IntegrityReport> RunAsync(CrmDbContext db, CancellationToken ct = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();

        await using var transaction = await BeginReadOnlyAsync(db, ct);
        var (connection, tx) = ((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction());
        // As any other role, row-level security would hide every tenant's rows and each check would pass.
        if (!await AnswersTrueAsync(connection, tx, SeesAllTenantsSql, ct))
            throw new InvalidOperationException("the check must run as the schema owner: as any other role it cannot see every tenant's rows.");

        var findings = await FindAllAsync(connection, tx, Checks, ct);
        findings.Add(new IntegrityFinding(PendingMigrations, pending.Count, pending.Take(ExampleCount).ToList()));
        return new IntegrityReport(findings, await TableSizesAsync(connection, tx, ct), await MonitoringAsync(connection, tx, ct));
    }

    /// <summary>
    /// Runs the tenant checks on DB, which must act for one tenant as the runtime role: row-level security
    /// limits every check to that tenant's rows. The database's own checks are the operator's, not a tenant's.
    /// </summary>
    public static async Task<IReadOnlyList<IntegrityFinding>> RunForTenantAsync(CrmDbContext db, CancellationToken ct = default)
    {
        await using var transaction = await BeginReadOnlyAsync(db, ct);
        var (connection, tx) = ((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction());
        // As the owner, the checks would report every tenant's rows to this one.
        if (!await AnswersTrueAsync(connection, tx, ConfinedToOneTenantSql, ct))
            throw new InvalidOperationException("a tenant's checks must run for that tenant under row-level security, not as the schema owner.");
        return await FindAllAsync(connection, tx, Checks.Where(c => c.Scope == Scope.Tenant).ToList(), ct);
    }

    /// <summary>One snapshot for every query, and a promise that the check itself changes nothing.</summary>
    private static async Task<IDbContextTransaction> BeginReadOnlyAsync(CrmDbContext db, CancellationToken ct)
    {
        var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY",
            (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction());
        await readOnly.ExecuteNonQueryAsync(ct);
        return transaction;
    }

    private static async Task<bool> AnswersTrueAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        return await command.ExecuteScalarAsync(ct) is true;
    }

    private static async Task<List<IntegrityFinding>> FindAllAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<(string Name, Scope Scope, string Sql)> checks, CancellationToken ct)
    {
        var findings = new List<IntegrityFinding>();
        foreach (var (name, _, sql) in checks)
        {
            // A failed query aborts the transaction; the savepoint lets the other checks still run.
            await tx.SaveAsync("one_check", ct);
            try
            {
                findings.Add(await FindAsync(connection, tx, name, sql, ct));
                await tx.ReleaseAsync("one_check", ct);
            }
            catch (PostgresException ex)
            {
                await tx.RollbackAsync("one_check", ct);
                findings.Add(new IntegrityFinding(name, 0, [], ex.MessageText));
            }
        }
        return findings;
    }

    private static async Task<IntegrityFinding> FindAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, string name, string sql, CancellationToken ct)
    {
        // The window count is taken before LIMIT: the total, with only a few rows sent back.
        await using var command = new NpgsqlCommand(
            $"SELECT count(*) OVER ()::bigint, example, link FROM ({sql}) found ORDER BY example LIMIT {ExampleCount}", connection, tx);
        await using var reader = await command.ExecuteReaderAsync(ct);
        long count = 0;
        var examples = new List<string>();
        var links = new List<string?>();
        while (await reader.ReadAsync(ct))
        {
            count = reader.GetInt64(0);
            examples.Add(reader.GetString(1));
            links.Add(reader.IsDBNull(2) ? null : reader.GetString(2));
        }
        return new IntegrityFinding(name, count, examples, Links: links);
    }

    private static async Task<IReadOnlyList<TableSize>> TableSizesAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(SizesSql, connection, tx);
        command.Parameters.AddWithValue("limit", SizeCount);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var sizes = new List<TableSize>();
        while (await reader.ReadAsync(ct))
            sizes.Add(new TableSize(reader.GetString(0), reader.GetInt64(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3)));
        return sizes;
    }
}

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
/// Runs as the schema owner, whose owner_reads_all policies let one query see every tenant.
/// </summary>
public static class IntegrityCheck
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

    // Child, referencing column, parent, and when the child counts as live: the references
    // crm_assert_active_references guards on the child's insert and update. Soft-deleting the
    // parent later is not guarded. A participant has no deleted_at: it lives as long as its deal.
    private static readonly (string Child, string Column, string Parent, string ChildIsLive)[] ActiveReferences =
    [
        ("contacts", "company_id", "companies", "child.deleted_at IS NULL"),
        ("deals", "contact_id", "contacts", "child.deleted_at IS NULL"),
        ("deals", "company_id", "companies", "child.deleted_at IS NULL"),
        ("activities", "contact_id", "contacts", "child.deleted_at IS NULL"),
        ("activities", "company_id", "companies", "child.deleted_at IS NULL"),
        ("activities", "deal_id", "deals", "child.deleted_at IS NULL"),
        ("deal_participants", "company_id", "companies",
            "EXISTS (SELECT 1 FROM deals d WHERE d.id = child.deal_id AND d.deleted_at IS NULL)"),
    ];

    // Each query returns one text column, example: one row per offending row or object.
    private static readonly (string Name, string Sql)[] Checks =
    [
        (TenantsWithoutOwner, """
            SELECT t.slug AS example FROM tenants t
            WHERE EXISTS (SELECT 1 FROM users u WHERE u.tenant_id = t.id)
              AND NOT EXISTS (
                  SELECT 1 FROM users u
                  JOIN user_roles ur ON ur.user_id = u.id
                  JOIN roles r ON r.id = ur.role_id
                  WHERE u.tenant_id = t.id AND r.normalized_name = 'OWNER' AND u.is_active AND u.deleted_at IS NULL)
            """),
        (DealsInForeignStage, """
            SELECT format('%s (%s)', d.title, d.id) AS example FROM deals d
            JOIN pipeline_stages s ON s.id = d.stage_id
            WHERE s.pipeline_id <> d.pipeline_id
            """),
        (ReferencesToDeletedRows, string.Join("\nUNION ALL\n", ActiveReferences.Select(r => $"""
            SELECT format('{r.Child} %s → deleted {r.Parent} %s', child.id, parent.id) AS example
            FROM {r.Child} child JOIN {r.Parent} parent ON parent.id = child.{r.Column}
            WHERE {r.ChildIsLive} AND parent.deleted_at IS NOT NULL
            """))),
        (DuplicateContactEmails, """
            SELECT format('%s ×%s (%s)', lower(c.email), count(*), t.slug) AS example
            FROM contacts c JOIN tenants t ON t.id = c.tenant_id
            WHERE c.deleted_at IS NULL AND c.email IS NOT NULL
            GROUP BY t.id, t.slug, lower(c.email) HAVING count(*) > 1
            """),
        (DuplicateCompanyDomains, """
            SELECT format('%s ×%s (%s)', lower(c.domain), count(*), t.slug) AS example
            FROM companies c JOIN tenants t ON t.id = c.tenant_id
            WHERE c.deleted_at IS NULL AND c.domain IS NOT NULL
            GROUP BY t.id, t.slug, lower(c.domain) HAVING count(*) > 1
            """),
        // Across tenants: sign-in finds a user by email before it knows the tenant.
        (DuplicateUserEmails, """
            SELECT format('%s ×%s', lower(email), count(*)) AS example
            FROM users GROUP BY lower(email) HAVING count(*) > 1
            """),
        (DealsWithoutPrimaryCustomer, """
            SELECT format('%s (%s)', d.title, d.id) AS example FROM deals d
            WHERE d.deleted_at IS NULL
              AND EXISTS (SELECT 1 FROM deal_participants p WHERE p.deal_id = d.id)
              AND NOT EXISTS (SELECT 1 FROM deal_participants p WHERE p.deal_id = d.id AND p.role = 'customer' AND p.is_primary)
            """),
        (ParticipantsWithoutCompanyRole, """
            SELECT format('%s %s on deal %s', p.role, c.name, p.deal_id) AS example
            FROM deal_participants p JOIN companies c ON c.id = p.company_id
            WHERE p.role IN ('principal', 'distributor')
              AND NOT EXISTS (SELECT 1 FROM company_roles r WHERE r.company_id = p.company_id AND r.role = p.role)
            """),
        // The list's total reads the tally the contacts triggers keep; a load with triggers off skews it
        // (crm_recount_contacts repairs a tenant).
        (ContactTalliesOutOfStep, """
            SELECT format('%s: tally %s, live contacts %s', t.slug, coalesce(tally.live_contacts, 0), coalesce(live.count, 0)) AS example
            FROM tenants t
            LEFT JOIN contact_tallies tally ON tally.tenant_id = t.id
            LEFT JOIN (SELECT tenant_id, count(*) AS count FROM contacts WHERE deleted_at IS NULL GROUP BY tenant_id) live ON live.tenant_id = t.id
            WHERE coalesce(tally.live_contacts, 0) <> coalesce(live.count, 0)
            """),
        // Without an index whose leading columns are the key's, every delete or key change of a
        // parent row scans the whole child table. indkey is 0-based; its first n key columns, in any
        // order, must be the key's n columns. A partial index does not count: it misses the rows it filters out.
        (UnindexedForeignKeys, """
            SELECT format('%s (%s)', c.conrelid::regclass, string_agg(a.attname, ', ' ORDER BY k.position)) AS example
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
        (TablesWithoutRowLevelSecurity, """
            SELECT c.relname || CASE WHEN c.relrowsecurity THEN ' (not forced)' ELSE ' (disabled)' END AS example
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

    /// <summary>Runs every check on DB, which must be connected as the schema owner with no tenant set.</summary>
    public static async Task<IntegrityReport> RunAsync(CrmDbContext db, CancellationToken ct = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();

        // One snapshot for every query, and a promise that the check itself changes nothing.
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var tx = (NpgsqlTransaction)transaction.GetDbTransaction();
        await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, tx))
            await readOnly.ExecuteNonQueryAsync(ct);
        // As any other role, row-level security would hide every tenant's rows and each check would pass.
        await using (var seesAll = new NpgsqlCommand(SeesAllTenantsSql, connection, tx))
        {
            if (await seesAll.ExecuteScalarAsync(ct) is not true)
                throw new InvalidOperationException("the check must run as the schema owner: as any other role it cannot see every tenant's rows.");
        }

        var findings = new List<IntegrityFinding>();
        foreach (var (name, sql) in Checks)
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
        findings.Add(new IntegrityFinding(PendingMigrations, pending.Count, pending.Take(ExampleCount).ToList()));
        return new IntegrityReport(findings, await TableSizesAsync(connection, tx, ct));
    }

    private static async Task<IntegrityFinding> FindAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, string name, string sql, CancellationToken ct)
    {
        // The window count is taken before LIMIT: the total, with only a few rows sent back.
        await using var command = new NpgsqlCommand(
            $"SELECT count(*) OVER ()::bigint, example FROM ({sql}) found ORDER BY example LIMIT {ExampleCount}", connection, tx);
        await using var reader = await command.ExecuteReaderAsync(ct);
        long count = 0;
        var examples = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            count = reader.GetInt64(0);
            examples.Add(reader.GetString(1));
        }
        return new IntegrityFinding(name, count, examples);
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

using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;
using CrmBlazor.Setup;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CrmBlazor.Features.Health;

/// <summary>
/// Admin → Data health, for Owners and Admins: the <c>db check</c> report's tenant checks run as crm_app under
/// row-level security (so for this tenant only), row counts, backups and purges; and the Owner's audit retention.
/// </summary>
public sealed class DataHealthService(IDbContextFactory<CrmDbContext> dbFactory, PermissionGuard guard)
{
    public const string RetentionField = "AuditRetentionYears";
    public const string NoLongerOwner = "Only an active Owner can change how long the audit log is kept, and you are not one any more.";

    public static readonly string RetentionRange =
        $"Keep the audit log for {Tenant.MinAuditRetentionYears} to {Tenant.MaxAuditRetentionYears} years.";

    private static readonly (string Kind, string Title)[] PurgeKinds =
    [
        (MaintenanceRun.TrashPurge, "Trash purge (nightly)"),
        (MaintenanceRun.AuditRetention, "Audit retention purge (monthly)"),
    ];

    // Every table with the tenant's rows that crm_app may read, counted under row-level security: one
    // statement, each count a query of its own through query_to_xml (crm_app may not create a function).
    private const string RowCountsSql = """
        SELECT c.relname::text AS table_name,
               (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I', c.relname), false, true, '')))[1]::text::bigint AS row_count
        FROM pg_class c
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND c.relrowsecurity
          AND has_table_privilege(c.oid, 'SELECT')
        ORDER BY 2 DESC, 1
        """;

    public async Task<DataHealthReport> LoadAsync(CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "data_health.view", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var checks = await IntegrityCheck.RunForTenantAsync(db, ct);

        // Begun through EF, so the raw queries act for this tenant (TenantPerTransaction).
        var tables = new List<TableRowCount>();
        string databaseSize;
        await using (var reading = await db.Database.BeginTransactionAsync(ct))
        {
            var (connection, transaction) = ((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)reading.GetDbTransaction());
            await using (var counts = new NpgsqlCommand(RowCountsSql, connection, transaction))
            await using (var reader = await counts.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) tables.Add(new TableRowCount(reader.GetString(0), reader.GetInt64(1)));
            await using var size = new NpgsqlCommand("SELECT pg_size_pretty(pg_database_size(current_database()))", connection, transaction);
            databaseSize = (string)(await size.ExecuteScalarAsync(ct))!;
        }

        var lastBackup = await NewestAsync(db, MaintenanceRun.Backup, ct);
        var purges = new List<PurgeRuns>();
        foreach (var (kind, title) in PurgeKinds)
            purges.Add(new PurgeRuns(kind, title, await NewestAsync(db, kind, ct)));
        var retention = await db.Tenants.Select(t => t.AuditRetentionYears).SingleAsync(ct);

        return new DataHealthReport(checks, tables, databaseSize, lastBackup, purges, retention);
    }

    /// <summary>Sets how long this tenant's audit rows are kept; only an Owner may (the database's trigger says so too).</summary>
    public async Task<SaveResult> SetAuditRetentionAsync(int? years, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.ManageTenant, "tenant.audit_retention", ct);
        if (years is not (>= Tenant.MinAuditRetentionYears and <= Tenant.MaxAuditRetentionYears))
            return SaveResult.Invalid(RetentionField, RetentionRange);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        try
        {
            var tenantId = await db.Tenants.Select(t => t.Id).SingleAsync(ct);
            await db.Tenants.ExecuteUpdateAsync(s => s.SetProperty(t => t.AuditRetentionYears, years.Value), ct);
            return SaveResult.Saved(tenantId);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.CheckViolation)
        {
            return SaveResult.Invalid(RetentionField, RetentionRange);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // The role was taken away since this circuit's snapshot: the trigger knows better.
            throw new PermissionDeniedException(NoLongerOwner);
        }
    }

    private static Task<MaintenanceRun?> NewestAsync(CrmDbContext db, string kind, CancellationToken ct) =>
        db.MaintenanceRuns.AsNoTracking().Where(r => r.Kind == kind).OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(ct);
}

using CrmBlazor.Data.Entities;
using CrmBlazor.Setup;

namespace CrmBlazor.Features.Health;

/// <summary>
/// What Admin → Data health shows: the integrity checks over this tenant's rows, its row count per table,
/// the whole database's size, the newest backup and the newest run of each purge, and the audit retention.
/// </summary>
public sealed record DataHealthReport(
    IReadOnlyList<IntegrityFinding> Checks,
    IReadOnlyList<TableRowCount> Tables,
    string DatabaseSize,
    MaintenanceRun? LastBackup,
    IReadOnlyList<PurgeRuns> Purges,
    int AuditRetentionYears);

/// <summary>How many rows of TABLE belong to the tenant (soft-deleted ones included).</summary>
public sealed record TableRowCount(string Table, long Rows);

/// <summary>A purge the maintenance runner does (by kind), and its newest run, if any.</summary>
public sealed record PurgeRuns(string Kind, string Title, MaintenanceRun? Last);

using System.Globalization;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;

namespace CrmBlazor.Features.Maintenance;

/// <summary>
/// One purge the runner schedules: the SQL it runs as the schema owner (one text column; every row is
/// read), the function it needs (null when this schema always has it), and the sentence recorded for its result.
/// </summary>
public sealed record MaintenanceJob(string Kind, string Sql, string? NeedsFunction, Func<string, string> Describe)
{
    public static readonly IReadOnlyList<MaintenanceJob> All =
    [
        // Written beside this runner by the trash feature: called by name only where the database has it.
        new(MaintenanceRun.TrashPurge, $"SELECT crm_purge_trash(interval '{MaintenanceSchedule.TrashWindow}')::text",
            "crm_purge_trash(interval)", result => $"Trash older than {MaintenanceSchedule.TrashWindow} purged: {result}."),
        new(MaintenanceRun.AuditRetention, "SELECT crm_purge_audit()::text", null,
            removed => $"Removed {Plural.Of(long.Parse(removed, CultureInfo.InvariantCulture), "audit row")} older than their organization's retention."),
    ];
}

/// <summary>What one run did: recorded in maintenance_runs, and printed by the verb.</summary>
public sealed record MaintenanceOutcome(string Kind, bool Succeeded, string Detail);

using CrmBlazor.Data.Entities;

namespace CrmBlazor.Features.Maintenance;

/// <summary>
/// When each purge is due: the trash nightly (once after each night's hour, UTC), the audit retention
/// monthly. Both count from the last run that succeeded, so a failed run is tried again on the next look.
/// </summary>
public static class MaintenanceSchedule
{
    /// <summary>How long deleted records stay in the trash before the nightly purge removes them.</summary>
    public const string TrashWindow = "30 days";

    public static bool IsDue(string kind, DateTimeOffset? lastSuccess, DateTimeOffset now, int nightlyHourUtc) => kind switch
    {
        MaintenanceRun.TrashPurge => lastSuccess is null || lastSuccess < LastNight(now, nightlyHourUtc),
        MaintenanceRun.AuditRetention => lastSuccess is null || lastSuccess <= now.AddMonths(-1),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a purge the maintenance runner schedules"),
    };

    /// <summary>The latest moment at or before NOW that the clock showed the nightly hour (UTC).</summary>
    public static DateTimeOffset LastNight(DateTimeOffset now, int nightlyHourUtc)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(nightlyHourUtc);
        return today <= now ? today : today.AddDays(-1);
    }
}

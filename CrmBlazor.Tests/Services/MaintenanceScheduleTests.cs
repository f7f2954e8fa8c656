using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Maintenance;

namespace CrmBlazor.Tests.Services;

/// <summary>The trash purge is due once after each night's hour; the retention purge a month after the last success.</summary>
public sealed class MaintenanceScheduleTests
{
    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc + "Z", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(null, "2026-12-03T10:00", true)]
    [InlineData("2026-12-03T02:30", "2026-12-03T10:00", false)]
    [InlineData("2026-12-02T02:30", "2026-12-03T10:00", true)]
    [InlineData("2026-12-02T23:00", "2026-12-03T01:59", false)]
    [InlineData("2026-12-02T23:00", "2026-12-03T02:00", true)]
    public void The_trash_purge_is_due_once_per_night(string? lastSuccess, string now, bool due) =>
        Assert.Equal(due, MaintenanceSchedule.IsDue(MaintenanceRun.TrashPurge, lastSuccess is null ? null : At(lastSuccess), At(now), nightlyHourUtc: 2));

    [Theory]
    [InlineData(null, "2026-12-03T10:00", true)]
    [InlineData("2026-11-04T10:00", "2026-12-03T10:00", false)]
    [InlineData("2026-11-03T10:00", "2026-12-03T10:00", true)]
    [InlineData("2026-01-28T10:00", "2026-02-28T10:00", true)]
    [InlineData("2026-01-31T10:00", "2026-02-28T10:00", false)]
    public void The_retention_purge_is_due_a_month_after_the_last_success(string? lastSuccess, string now, bool due) =>
        Assert.Equal(due, MaintenanceSchedule.IsDue(MaintenanceRun.AuditRetention, lastSuccess is null ? null : At(lastSuccess), At(now), nightlyHourUtc: 2));

    [Fact]
    public void Backups_are_not_scheduled_here() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MaintenanceSchedule.IsDue(MaintenanceRun.Backup, null, At("2026-12-03T10:00"), 2));
}

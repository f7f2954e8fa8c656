namespace CrmBlazor.Features.Maintenance;

/// <summary>The runner's settings (section <c>Maintenance</c>): the night's hour (UTC) after which the trash is purged, and how often it looks.</summary>
public sealed record MaintenanceSettings(int NightlyHourUtc, TimeSpan LookEvery)
{
    public static MaintenanceSettings From(IConfiguration configuration) => new(
        Math.Clamp(configuration.GetValue("Maintenance:NightlyHourUtc", 2), 0, 23),
        TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Maintenance:LookEveryMinutes", 15))));
}

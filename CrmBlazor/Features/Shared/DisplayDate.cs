using System.Globalization;

namespace CrmBlazor.Features.Shared;

/// <summary>
/// The one way the app writes a moment: "2 Dec 2026, 14:05 UTC", or "2 Dec 2026" for a day. Always in
/// UTC and saying so: a circuit does not know the browser's time zone, and days, months and quarters
/// already turn at UTC midnight (<see cref="UtcCalendar"/>), so a date written here and the "today"
/// that counts it agree. Month names are English whatever the server's culture, like the rest of the UI.
/// </summary>
public static class DisplayDate
{
    public static string Moment(DateTimeOffset at) =>
        at.UtcDateTime.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Moment(DateTimeOffset? at, string none) => at is { } value ? Moment(value) : none;

    public static string Day(DateTimeOffset at) =>
        at.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A calendar day that has no time (an expected close date), written like <see cref="Day(DateTimeOffset)"/>.</summary>
    public static string Day(DateOnly day) => day.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}

namespace CrmBlazor.Features.Shared;

/// <summary>
/// Days, months and quarters on the server's UTC calendar. Users' time zones are not stored and a
/// circuit does not know the browser's, so "today" turns at UTC midnight for everyone.
/// </summary>
public static class UtcCalendar
{
    public static (DateTimeOffset Start, DateTimeOffset End) Day(DateTimeOffset now)
    {
        var start = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        return (start, start.AddDays(1));
    }

    public static (DateTimeOffset Start, DateTimeOffset End) Month(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        var start = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return (start, start.AddMonths(1));
    }

    public static (DateTimeOffset Start, DateTimeOffset End) Quarter(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        var start = new DateTimeOffset(utc.Year, (utc.Month - 1) / 3 * 3 + 1, 1, 0, 0, 0, TimeSpan.Zero);
        return (start, start.AddMonths(3));
    }
}

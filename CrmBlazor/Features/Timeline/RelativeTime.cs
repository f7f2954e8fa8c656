using CrmBlazor.Features.Shared;

namespace CrmBlazor.Features.Timeline;

/// <summary>"just now", "5 min ago", "2 h ago", "3 days ago", then the date.</summary>
public static class RelativeTime
{
    public static string Since(DateTimeOffset at, DateTimeOffset now)
    {
        var elapsed = now - at;
        if (elapsed < TimeSpan.Zero) return $"on {DisplayDate.Day(at)}";
        if (elapsed < TimeSpan.FromMinutes(1)) return "just now";
        if (elapsed < TimeSpan.FromHours(1)) return $"{(int)elapsed.TotalMinutes} min ago";
        if (elapsed < TimeSpan.FromDays(1)) return $"{(int)elapsed.TotalHours} h ago";
        if (elapsed < TimeSpan.FromDays(14)) return $"{(int)elapsed.TotalDays} days ago";
        return $"on {DisplayDate.Day(at)}";
    }
}

namespace CrmBlazor.Features.Api.Keys;

/// <summary>
/// <c>RateLimits:ApiPerKey</c> in appsettings.json: each key's token bucket. A key may make
/// <see cref="TokenLimit"/> calls at once, and gets <see cref="TokensPerPeriod"/> back every
/// <see cref="PeriodSeconds"/> seconds, up to the limit.
/// </summary>
public sealed class ApiRateLimitSettings
{
    public const string Section = "RateLimits:ApiPerKey";

    public int TokenLimit { get; set; } = 600;
    public int TokensPerPeriod { get; set; } = 10;
    public int PeriodSeconds { get; set; } = 1;

    public TimeSpan Period => TimeSpan.FromSeconds(Math.Max(1, PeriodSeconds));

    /// <summary>How long an empty bucket takes to fill again.</summary>
    public TimeSpan Refill => Period * Math.Ceiling(Math.Max(1, TokenLimit) / (double)Math.Max(1, TokensPerPeriod));
}

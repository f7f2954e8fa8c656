using System.Globalization;
using System.Threading.RateLimiting;
using CrmBlazor.Data;
using CrmBlazor.Features.Security;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Api.Keys;

/// <summary>
/// Every /api/v1 call, once its key is known (an endpoint filter runs after authentication; the account
/// forms' limiter runs before it and cannot tell keys apart): takes a token from the key's bucket and
/// says how many are left (RateLimit-Limit, -Remaining, -Reset), refuses an empty bucket with a 429
/// problem and Retry-After, and notes the key's use (<see cref="ApiKeyUse"/>) for a call it lets through.
/// </summary>
public sealed class ApiKeyMetering : IEndpointFilter
{
    public const string RefusedTitle = "Too many requests";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        // The group requires a signed-in key, so it is there; the guard keeps a mapping mistake from limiting nobody silently.
        var key = http.Features.Get<ApiKeyLookup.FoundKey>()
            ?? throw new InvalidOperationException("The API's rate limit runs after authentication by API key.");
        var limiter = http.RequestServices.GetRequiredService<ApiRateLimiter>();
        using var lease = limiter.Acquire(key.KeyId);
        var settings = limiter.Settings;
        var remaining = lease.IsAcquired ? limiter.Remaining(key.KeyId) : 0;
        var headers = http.Response.Headers;
        headers["RateLimit-Limit"] = Text(settings.TokenLimit);
        headers["RateLimit-Remaining"] = Text(remaining);
        headers["RateLimit-Reset"] = Text(SecondsToFill(settings, remaining));

        if (!lease.IsAcquired)
        {
            var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : settings.Period;
            var seconds = (long)Math.Ceiling(wait.TotalSeconds);
            headers.RetryAfter = Text(seconds);
            if (limiter.ClaimAudit(key.KeyId)) await AuditAsync(http, key, settings);
            return Results.Problem(
                $"This API key has used its {settings.TokenLimit} calls; it gets {settings.TokensPerPeriod} more every {settings.Period.TotalSeconds:0} seconds. Try again in {seconds} seconds.",
                statusCode: StatusCodes.Status429TooManyRequests, title: RefusedTitle,
                extensions: new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
        }

        await http.RequestServices.GetRequiredService<ApiKeyUse>().RecordAsync(key, http.RequestAborted);
        return await next(context);
    }

    /// <summary>An upper bound: the bucket's phase is the limiter's own, so a token may come back sooner.</summary>
    private static long SecondsToFill(ApiRateLimitSettings settings, long remaining)
    {
        var missing = Math.Max(0, settings.TokenLimit - remaining);
        var periods = (long)Math.Ceiling(missing / (double)Math.Max(1, settings.TokensPerPeriod));
        return periods * (long)settings.Period.TotalSeconds;
    }

    /// <summary>In the key's tenant, as its creator (the request acts for them), with the key named in the row's user agent.</summary>
    private static async Task AuditAsync(HttpContext http, ApiKeyLookup.FoundKey key, ApiRateLimitSettings settings)
    {
        var dbFactory = http.RequestServices.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync(http.RequestAborted);
        AuditTrail.Record(db, RateLimitRejection.EventName, key.KeyId, "api_keys",
            $"API key crm_{key.Prefix}…: more than {settings.TokenLimit} calls (then {settings.TokensPerPeriod} every {settings.Period.TotalSeconds:0} s)");
        await db.SaveChangesAsync(http.RequestAborted);
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}

public static class ApiKeyMeteringRoutes
{
    /// <summary>Rate limits and use of every call of the group, per key.</summary>
    public static RouteGroupBuilder MeterByKey(this RouteGroupBuilder api)
    {
        api.AddEndpointFilter<ApiKeyMetering>();
        return api;
    }
}

using System.Threading.RateLimiting;
using CrmBlazor.Data;
using CrmBlazor.Features.Account;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Security;

/// <summary>
/// What a refused attempt gets: 429 with Retry-After, the "too many attempts" page for a browser (plain
/// text otherwise), and a <c>rate_limit.hit</c> audit event: in the tenant of the user whose email was
/// typed when there is one, else in the audit log's no-tenant bucket (crm_record_rate_limit_hit).
/// </summary>
public static class RateLimitRejection
{
    public const string EventName = "rate_limit.hit";

    public static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var http = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero
            ? wait : TimeSpan.FromMinutes(1);
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

        await AuditAsync(http, ct);

        var minutes = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMinutes));
        if (http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(await RenderPageAsync(http, minutes), ct);
        }
        else
        {
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync(TooManyAttempts.Message(minutes), ct);
        }
    }

    private static async Task AuditAsync(HttpContext http, CancellationToken ct)
    {
        var services = http.RequestServices;
        var name = AccountRateLimits.PageLimit(http, services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitSettings>>().Value)?.Name ?? "request";
        var detail = $"{name} from {AccountRateLimits.Address(http)}";
        var scopes = services.GetRequiredService<TenantScopes>();
        var origin = ClientOrigin.Of(http);
        var user = AccountFormEmail.Of(http) is { } email
            ? await UserLookup.FindForSignInAsync(services.GetRequiredService<IDbContextFactory<CrmDbContext>>(), email, ct)
            : null;
        await using var scope = scopes.Begin(new TenantSnapshot(user?.TenantId, null, null), origin);
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        if (user is null)
        {
            await db.Database.ExecuteSqlAsync($"select crm_record_rate_limit_hit({detail})", ct);
            return;
        }
        AuditTrail.Record(db, EventName, user.UserId, "users", detail);
        await db.SaveChangesAsync(ct);
    }

    private static async Task<string> RenderPageAsync(HttpContext http, int minutes)
    {
        await using var renderer = new HtmlRenderer(http.RequestServices, http.RequestServices.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var page = await renderer.RenderComponentAsync<TooManyAttempts>(
                ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(TooManyAttempts.Minutes)] = minutes }));
            return page.ToHtmlString();
        });
    }
}

using CrmBlazor.Data;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Account.TwoFactor;

/// <summary>
/// In a tenant that requires two-factor sign-in, a signed-in user with neither an authenticator app
/// nor a passkey is sent to set one up on every page they open, until they have. The account pages
/// (set-up, sign-out) stay open. Checked on page loads only: the circuit a page starts lives on that
/// page's answer, so a user already in the app when the Owner turns it on is sent on their next load.
/// The error page is not checked: it shows why a request failed (the database unreachable, say, where this
/// check would fail again and leave the user an empty 500), and it opens no data.
/// </summary>
public sealed class TwoFactorRequirement(RequestDelegate next)
{
    public const string SetUpPath = "/Account/Manage/TwoFactorAuthentication";

    public async Task InvokeAsync(HttpContext http, ITenantContext tenant, IDbContextFactory<CrmDbContext> dbFactory)
    {
        if (tenant.UserId is { } userId && IsPageLoad(http.Request) && await OwesASecondFactorAsync(dbFactory, userId))
        {
            http.Response.Redirect($"{http.Request.PathBase}{SetUpPath}?required=true");
            return;
        }
        await next(http);
    }

    private static bool IsPageLoad(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true)
        && !request.Path.StartsWithSegments("/Account", StringComparison.OrdinalIgnoreCase)
        && !request.Path.StartsWithSegments("/_blazor") && !request.Path.StartsWithSegments("/_framework")
        && request.HttpContext.Features.Get<IExceptionHandlerFeature>() is null;

    public static async Task<bool> OwesASecondFactorAsync(IDbContextFactory<CrmDbContext> dbFactory, Guid userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.Users.AnyAsync(u => u.Id == userId && !u.TwoFactorEnabled && u.Tenant!.RequireTwoFactor
                                            && !db.Set<IdentityUserPasskey<Guid>>().Any(p => p.UserId == u.Id));
    }
}

using System.Security.Claims;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Account;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Services;

/// <summary>
/// The sign-in cookie is checked against the user row once per interval, not on every request, and
/// at once after the user's access changed. Deactivating in SQL (behind the app's back) shows which
/// requests read the row: only a request that checks sees the user is gone.
/// </summary>
public sealed class CookieRevalidationTests(CrmDatabase database) : DemoAppTests(database)
{
    [Fact]
    public async Task A_cookie_checked_less_than_an_interval_ago_is_not_read_again_and_one_checked_longer_ago_is()
    {
        var principal = await SignedInPrincipalAsync(DemoTenant.Member);
        await DeactivateInSqlAsync(DemoTenant.Member);

        Assert.False(await IsRejectedAsync(principal, checkedAgo: TimeSpan.FromSeconds(10)));
        Assert.True(await IsRejectedAsync(principal, checkedAgo: UserRevalidation.Interval + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_user_changed_by_an_admin_is_checked_on_the_next_request()
    {
        var principal = await SignedInPrincipalAsync(DemoTenant.Viewer);
        await DeactivateInSqlAsync(DemoTenant.Viewer);

        App.Services.GetRequiredService<UserAccessChanges>().Record(TenantSnapshot.Of(principal).UserId!.Value);

        Assert.True(await IsRejectedAsync(principal, checkedAgo: TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_current_cookie_that_is_checked_is_renewed_so_the_next_check_is_an_interval_away()
    {
        var principal = await SignedInPrincipalAsync(DemoTenant.Admin);

        var context = await ValidateAsync(principal, checkedAgo: UserRevalidation.Interval + TimeSpan.FromSeconds(1));

        Assert.NotNull(context.Principal);
        Assert.True(context.ShouldRenew);
    }

    /// <summary>The principal a sign-in of EMAIL puts in its cookie.</summary>
    private async Task<ClaimsPrincipal> SignedInPrincipalAsync(string email)
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, email);
        var userId = await session.ActingUserIdAsync();
        var tenantId = await session.ScalarAsync<Guid>("select NULLIF(current_setting('app.tenant_id'), '')::uuid");
        await using var scope = App.Services.GetRequiredService<TenantScopes>().Begin(new TenantSnapshot(tenantId, userId, null));
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<User>>().FindByIdAsync(userId.ToString());
        return await scope.ServiceProvider.GetRequiredService<SignInManager<User>>().CreateUserPrincipalAsync(user!);
    }

    private async Task DeactivateInSqlAsync(string email)
    {
        await using var asOwner = await DemoTenant.OpenSessionAsync(App, DemoTenant.Owner);
        Assert.Equal(1, await asOwner.ExecuteAsync("update users set is_active = false where normalized_email = upper(@e)", ("e", email)));
    }

    private async Task<bool> IsRejectedAsync(ClaimsPrincipal principal, TimeSpan checkedAgo) =>
        (await ValidateAsync(principal, checkedAgo)).Principal is null;

    /// <summary>Runs the cookie handler's validation on a request whose cookie was last checked CHECKED_AGO.</summary>
    private async Task<CookieValidatePrincipalContext> ValidateAsync(ClaimsPrincipal principal, TimeSpan checkedAgo)
    {
        await using var request = App.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = request.ServiceProvider };
        var properties = new AuthenticationProperties { IssuedUtc = TimeProvider.System.GetUtcNow() - checkedAgo };
        var scheme = new AuthenticationScheme(IdentityConstants.ApplicationScheme, null, typeof(CookieAuthenticationHandler));
        var context = new CookieValidatePrincipalContext(http, scheme, new CookieAuthenticationOptions(),
            new AuthenticationTicket(principal, properties, scheme.Name));
        await UserRevalidation.ValidateCookieAsync(context);
        return context;
    }
}

using System.Security.Claims;
using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Account.Sessions;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Features.Account;

/// <summary>
/// Checks a signed-in principal against its user row: a deactivated or deleted user, a changed
/// security stamp (password change, sign-out everywhere) or a signed-out session (its user_sessions
/// row revoked) ends the session; a changed role is picked up. As the Identity template's security
/// stamp validator does, a cookie is checked once per <see cref="Interval"/> (and at once after its
/// user's access changed, <see cref="UserAccessChanges"/>), not on every request and static file; open
/// circuits are checked on the same interval. Each check notes the session as seen.
/// </summary>
internal static class UserRevalidation
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public enum Verdict { Current, RoleChanged, Invalid }

    /// <summary>The verdict on <paramref name="principal"/>; for a changed role, also the principal to carry from now on.</summary>
    public static async Task<(Verdict Verdict, ClaimsPrincipal? Renewed)> CheckAsync(TenantScopes scopes, ClaimsPrincipal principal)
    {
        // Row-level security shows the user row only to a scope acting for the principal's tenant.
        await using var scope = scopes.Begin(TenantSnapshot.Of(principal));
        var services = scope.ServiceProvider;
        var userManager = services.GetRequiredService<UserManager<User>>();
        var user = await userManager.GetUserAsync(principal);
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        if (user is null || !user.IsActive || user.DeletedAt is not null) return (Verdict.Invalid, null);

        var db = services.GetRequiredService<CrmDbContext>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var session = SessionStart.SessionOf(principal);
        if (principal.FindFirstValue(stampClaim) != await userManager.GetSecurityStampAsync(user))
        {
            // The cookie is dead for good: its session leaves the list.
            if (session is { } ended) await SessionService.EndAsync(db, user.Id, ended, now);
            return (Verdict.Invalid, null);
        }
        // A cookie issued before sessions were recorded has none: it still ends with its security stamp.
        if (session is { } id && !await SessionService.SeenAsync(db, user.Id, id, now)) return (Verdict.Invalid, null);

        var role = (await userManager.GetRolesAsync(user)).FirstOrDefault();
        if (role == principal.FindFirstValue(ClaimTypes.Role)) return (Verdict.Current, null);
        // The renewed cookie carries on this session rather than starting another.
        if (session is { } continued) services.GetRequiredService<SessionStart>().Continue(continued);
        return (Verdict.RoleChanged, await services.GetRequiredService<SignInManager<User>>().CreateUserPrincipalAsync(user));
    }

    /// <summary>The cookie handler's OnValidatePrincipal.</summary>
    public static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } principal) return;
        var services = context.HttpContext.RequestServices;
        if (!IsDue(services, principal, context.Properties.IssuedUtc)) return;

        var (verdict, renewed) = await CheckAsync(services.GetRequiredService<TenantScopes>(), principal);
        if (verdict == Verdict.Invalid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        if (renewed is not null) context.ReplacePrincipal(renewed);
        // Re-issuing the cookie stamps it with the time of this check: the next is one interval away.
        context.ShouldRenew = true;
    }

    private static bool IsDue(IServiceProvider services, ClaimsPrincipal principal, DateTimeOffset? lastChecked)
    {
        if (lastChecked is not { } checkedAt) return true;
        if (services.GetRequiredService<TimeProvider>().GetUtcNow() - checkedAt >= Interval) return true;
        return TenantSnapshot.Of(principal).UserId is { } userId
               && services.GetRequiredService<UserAccessChanges>().ChangedSince(userId, checkedAt);
    }
}

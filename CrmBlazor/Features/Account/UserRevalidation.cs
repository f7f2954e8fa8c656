using System.Security.Claims;
using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Features.Account;

/// <summary>
/// Checks a signed-in principal against its user row: a deactivated or deleted user, or a changed
/// security stamp (password change, sign-out everywhere), ends the session; a changed role is
/// picked up. Runs on every request (cookie) and every minute in open circuits.
/// </summary>
public static class UserRevalidation
{
    public enum Verdict { Current, RoleChanged, Invalid }

    public static async Task<(Verdict Verdict, User? User)> CheckAsync(IServiceProvider services, ClaimsPrincipal principal)
    {
        // RLS only shows the user row once the scope acts for the principal's tenant.
        services.GetRequiredService<TenantContext>().SetFrom(principal);
        var userManager = services.GetRequiredService<UserManager<User>>();
        var user = await userManager.GetUserAsync(principal);
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        if (user is null || !user.IsActive || user.DeletedAt is not null
            || principal.FindFirstValue(stampClaim) != await userManager.GetSecurityStampAsync(user))
            return (Verdict.Invalid, null);
        var role = (await userManager.GetRolesAsync(user)).FirstOrDefault();
        return (role == principal.FindFirstValue(ClaimTypes.Role) ? Verdict.Current : Verdict.RoleChanged, user);
    }

    /// <summary>The cookie handler's OnValidatePrincipal.</summary>
    public static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is not { } principal) return;
        var services = context.HttpContext.RequestServices;
        var (verdict, user) = await CheckAsync(services, principal);
        if (verdict == Verdict.Invalid)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            services.GetRequiredService<TenantContext>().Set(null, null, null);
        }
        else if (verdict == Verdict.RoleChanged)
        {
            var fresh = await services.GetRequiredService<SignInManager<User>>().CreateUserPrincipalAsync(user!);
            context.ReplacePrincipal(fresh);
            context.ShouldRenew = true;
            services.GetRequiredService<TenantContext>().SetFrom(fresh);
        }
    }
}

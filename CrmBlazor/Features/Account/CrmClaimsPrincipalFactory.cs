using System.Security.Claims;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Account.Sessions;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Features.Account;

/// <summary>
/// Puts the user's tenant, display name and session into the sign-in cookie next to Identity's claims.
/// Every sign-in path (password, two-factor, passkey, registration) makes its principal here, so every
/// cookie belongs to a user_sessions row.
/// </summary>
public sealed class CrmClaimsPrincipalFactory(
        UserManager<User> userManager, RoleManager<Role> roleManager, IOptions<IdentityOptions> options, SessionStart sessions)
    : UserClaimsPrincipalFactory<User, Role>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(User user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(CrmClaims.TenantId, user.TenantId.ToString()));
        identity.AddClaim(new Claim(CrmClaims.FullName, user.FullName));
        identity.AddClaim(new Claim(CrmClaims.SessionId, (await sessions.SessionIdForAsync(user)).ToString()));
        return identity;
    }
}

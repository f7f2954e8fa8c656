using System.Security.Claims;
using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Features.Account;

/// <summary>Puts the user's tenant and display name into the sign-in cookie next to Identity's claims.</summary>
public sealed class CrmClaimsPrincipalFactory(
        UserManager<User> userManager, RoleManager<Role> roleManager, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<User, Role>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(User user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(CrmClaims.TenantId, user.TenantId.ToString()));
        identity.AddClaim(new Claim(CrmClaims.FullName, user.FullName));
        return identity;
    }
}

using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace CrmBlazor.Features.Identity;

public sealed record SignInOutcome(bool Succeeded, DateTimeOffset? LockedOutUntil);

/// <summary>Password sign-in with Identity's lockout; inactive or deleted users cannot sign in.</summary>
public sealed class SignInService(
    SignInManager<User> signInManager, UserManager<User> userManager, CrmDbContext db, TenantContext tenant)
{
    public async Task<SignInOutcome> PasswordSignInAsync(string email, string password, bool rememberMe)
    {
        var found = await UserLookup.FindForSignInAsync(db, userManager.NormalizeEmail(email));
        if (found is null)
            return new(false, null);

        // From here on the request acts for the user's tenant: RLS now lets Identity read and update the user.
        tenant.Set(found.TenantId, found.UserId, null);
        var user = await userManager.FindByIdAsync(found.UserId.ToString());
        if (user is null || !user.IsActive || user.DeletedAt is not null)
            return new(false, null);

        var result = await signInManager.PasswordSignInAsync(user, password, rememberMe, lockoutOnFailure: true);
        return result.IsLockedOut ? new(false, user.LockoutEnd) : new(result.Succeeded, null);
    }
}

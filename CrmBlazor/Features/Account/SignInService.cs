using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Identity;

namespace CrmBlazor.Features.Account;

public sealed record SignInOutcome(bool Succeeded, DateTimeOffset? LockedOutUntil);

/// <summary>
/// Password sign-in with Identity's lockout (5 failures lock for 15 minutes). Every attempt is
/// audited in the user's tenant; an unknown email has no tenant, so it goes to the security log.
/// The caller learns only "invalid" or "locked", never whether the email exists.
/// </summary>
public sealed class SignInService(
    SignInManager<User> signInManager, UserManager<User> userManager, CrmDbContext db, TenantContext tenant,
    TimeProvider clock, ILogger<SignInService> securityLog)
{
    public async Task<SignInOutcome> PasswordSignInAsync(string email, string password, bool rememberMe)
    {
        var found = await UserLookup.FindForSignInAsync(db, userManager.NormalizeEmail(email));
        if (found is null)
        {
            securityLog.LogWarning("login.failed: no user with email {Email}", email);
            return new(false, null);
        }

        // From here on the request acts for the user's tenant: RLS now lets Identity read and update the user.
        tenant.Set(found.TenantId, null, null);
        var user = await userManager.FindByIdAsync(found.UserId.ToString());
        if (user is null || !user.IsActive || user.DeletedAt is not null)
        {
            await RecordAsync("login.failed", found.UserId, "inactive");
            return new(false, null);
        }

        var wasLockedOut = await userManager.IsLockedOutAsync(user);
        var result = await signInManager.PasswordSignInAsync(user, password, rememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            tenant.Set(found.TenantId, user.Id, null);
            user.LastSignInAt = clock.GetUtcNow();
            await userManager.UpdateAsync(user);
            await RecordAsync("login", user.Id);
            return new(true, null);
        }

        await RecordAsync("login.failed", user.Id, wasLockedOut ? "locked_out" : "bad_password");
        if (result.IsLockedOut && !wasLockedOut)
            await RecordAsync("lockout", user.Id, $"until {user.LockoutEnd:O}");
        return new(false, result.IsLockedOut ? user.LockoutEnd : null);
    }

    private async Task RecordAsync(string eventName, Guid userId, string? detail = null)
    {
        AuditTrail.Record(db, eventName, userId, "users", detail);
        await db.SaveChangesAsync();
    }
}

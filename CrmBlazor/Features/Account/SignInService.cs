using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Account;

public sealed record SignInOutcome(bool Succeeded, DateTimeOffset? LockedOutUntil);

/// <summary>
/// Password sign-in with Identity's lockout (5 failures lock for 15 minutes). Every attempt is
/// audited, with the request's address and user agent: in the user's tenant, or, for an email no user
/// has, in the audit log's no-tenant bucket that only the operator reads (crm_record_sign_in_failure).
/// The caller learns only "invalid" or "locked", never whether the email exists.
/// </summary>
public sealed class SignInService(
    IDbContextFactory<CrmDbContext> dbFactory, UserManager<User> userManager, SignInManager<User> signInManager,
    TenantScopes scopes, TimeProvider clock, ITenantContext request, ILogger<SignInService> securityLog)
{
    public async Task<SignInOutcome> PasswordSignInAsync(string email, string password, bool rememberMe)
    {
        var found = await UserLookup.FindForSignInAsync(dbFactory, userManager.NormalizeEmail(email));
        if (found is null)
        {
            securityLog.LogWarning("login.failed: no user with email {Email}", Security.LogText.Clean(email));
            await using var noTenant = await dbFactory.CreateDbContextAsync();
            await noTenant.Database.ExecuteSqlAsync($"select crm_record_sign_in_failure({email})");
            return new(false, null);
        }

        // The tenant is known from here on: Identity reads and updates the user in a scope acting for it.
        await using var inTenant = scopes.Begin(new TenantSnapshot(found.TenantId, null, null), request.Origin);
        var users = inTenant.ServiceProvider.GetRequiredService<UserManager<User>>();
        var db = inTenant.ServiceProvider.GetRequiredService<CrmDbContext>();
        var user = await users.FindByIdAsync(found.UserId.ToString());
        if (user is null || !user.IsActive || user.DeletedAt is not null)
        {
            await RecordAsync(db, "login.failed", found.UserId, "inactive");
            return new(false, null);
        }

        var wasLockedOut = await users.IsLockedOutAsync(user);
        var result = await SignInManagerIn(inTenant).PasswordSignInAsync(user, password, rememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await RecordSignInAsync(user);
            return new(true, null);
        }

        await RecordAsync(db, "login.failed", user.Id, wasLockedOut ? "locked_out" : "bad_password");
        if (result.IsLockedOut && !wasLockedOut)
            await RecordAsync(db, "lockout", user.Id, $"until {user.LockoutEnd:O}");
        return new(false, result.IsLockedOut ? user.LockoutEnd : null);
    }

    /// <summary>Signs in <paramref name="user"/>, who has just registered or accepted an invitation (their password was set a moment ago).</summary>
    public async Task SignInAsync(User user)
    {
        await using var asUser = scopes.Begin(new TenantSnapshot(user.TenantId, user.Id, null), request.Origin);
        await SignInManagerIn(asUser).SignInAsync(user, isPersistent: false);
    }

    /// <summary><paramref name="scope"/>'s sign-in manager, writing its cookie to this request's response.</summary>
    private SignInManager<User> SignInManagerIn(AsyncServiceScope scope)
    {
        var inScope = scope.ServiceProvider.GetRequiredService<SignInManager<User>>();
        inScope.Context = signInManager.Context;
        return inScope;
    }

    /// <summary>The user's last sign-in and the <c>login</c> audit row, acting as that user now that they are known.</summary>
    private async Task RecordSignInAsync(User user)
    {
        await using var asUser = scopes.Begin(new TenantSnapshot(user.TenantId, user.Id, null), request.Origin);
        var db = asUser.ServiceProvider.GetRequiredService<CrmDbContext>();
        var now = clock.GetUtcNow();
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSignInAt, now));
        await RecordAsync(db, "login", user.Id);
    }

    private static async Task RecordAsync(CrmDbContext db, string eventName, Guid userId, string? detail = null)
    {
        AuditTrail.Record(db, eventName, userId, "users", detail);
        await db.SaveChangesAsync();
    }
}

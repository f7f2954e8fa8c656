using System.Security.Claims;
using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Account;

/// <param name="RequiresTwoFactor">The password was right; the user goes on to give a code (LoginWith2fa).</param>
public sealed record SignInOutcome(bool Succeeded, DateTimeOffset? LockedOutUntil, bool RequiresTwoFactor = false);

/// <summary>
/// Password sign-in with Identity's lockout (5 failures lock for 15 minutes), then, for users who
/// turned it on, a second step with an authenticator code or a recovery code; or a passkey alone.
/// Every attempt is audited, with the request's address and user agent: in the user's tenant, or, for
/// an email no user has, in the audit log's no-tenant bucket that only the operator reads
/// (crm_record_sign_in_failure). The caller learns only "invalid" or "locked", never whether the
/// email exists: an unknown email costs the same password hash and locks like an account
/// (<see cref="UnknownEmailLockouts"/>).
/// </summary>
public sealed partial class SignInService(
    IDbContextFactory<CrmDbContext> dbFactory, UserManager<User> userManager, SignInManager<User> signInManager,
    TenantScopes scopes, TimeProvider clock, ITenantContext request, UnknownEmailLockouts unknownEmails,
    ILogger<SignInService> securityLog)
{
    public async Task<SignInOutcome> PasswordSignInAsync(string email, string password, bool rememberMe)
    {
        var normalizedEmail = userManager.NormalizeEmail(email);
        var found = await UserLookup.FindForSignInAsync(dbFactory, normalizedEmail);
        if (found is null)
            return await RefuseUnknownEmailAsync(email, normalizedEmail, password);

        // The tenant is known from here on: Identity reads and updates the user in a scope acting for it.
        await using var inTenant = scopes.Begin(new TenantSnapshot(found.TenantId, null, null), request.Origin);
        var users = inTenant.ServiceProvider.GetRequiredService<UserManager<User>>();
        var db = inTenant.ServiceProvider.GetRequiredService<CrmDbContext>();
        var user = await users.FindByIdAsync(found.UserId.ToString());
        if (user is null || !user.IsActive || user.DeletedAt is not null)
        {
            SpendAPasswordHash(password);
            await RecordAsync(db, "login.failed", found.UserId, "inactive");
            return new(false, null);
        }

        var wasLockedOut = await users.IsLockedOutAsync(user);
        var signIn = SignInManagerIn(inTenant);
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.Succeeded && await signIn.IsTwoFactorEnabledAsync(user))
        {
            await RememberPendingTwoFactorAsync(user);
            return new(false, null, RequiresTwoFactor: true);
        }
        if (result.Succeeded)
        {
            await signIn.SignInAsync(user, rememberMe);
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

    // An unknown email is answered like an existing one: the same hash work for a wrong password, and
    // Identity's lockout (which skips the hash while locked) played out for the email in memory.
    private async Task<SignInOutcome> RefuseUnknownEmailAsync(string email, string normalizedEmail, string password)
    {
        securityLog.LogWarning("login.failed: no user with email {Email}", Security.LogText.Clean(email));
        var lockedUntil = unknownEmails.LockedUntil(normalizedEmail);
        if (lockedUntil is null)
            SpendAPasswordHash(password);
        await using var noTenant = await dbFactory.CreateDbContextAsync();
        await noTenant.Database.ExecuteSqlAsync($"select crm_record_sign_in_failure({email})");
        return new(false, lockedUntil ?? unknownEmails.Fail(normalizedEmail));
    }

    private static string? dummyPasswordHash;

    /// <summary>Verifies <paramref name="password"/> against a hash no password matches: as long as checking a real one.</summary>
    private void SpendAPasswordHash(string password)
    {
        var dummy = new User();
        dummyPasswordHash ??= userManager.PasswordHasher.HashPassword(dummy, Guid.NewGuid().ToString());
        userManager.PasswordHasher.VerifyHashedPassword(dummy, dummyPasswordHash, password);
    }

    /// <summary><paramref name="scope"/>'s sign-in manager, writing its cookie to this request's response.</summary>
    private SignInManager<User> SignInManagerIn(AsyncServiceScope scope)
    {
        var inScope = scope.ServiceProvider.GetRequiredService<SignInManager<User>>();
        inScope.Context = signInManager.Context;
        return inScope;
    }

    /// <summary>The user's last sign-in and the <c>login</c> audit row, acting as that user now that they are known.</summary>
    private async Task RecordSignInAsync(User user, string? detail = null)
    {
        await using var asUser = scopes.Begin(new TenantSnapshot(user.TenantId, user.Id, null), request.Origin);
        var db = asUser.ServiceProvider.GetRequiredService<CrmDbContext>();
        var now = clock.GetUtcNow();
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSignInAt, now));
        await RecordAsync(db, "login", user.Id, detail);
    }

    private static async Task RecordAsync(CrmDbContext db, string eventName, Guid userId, string? detail = null)
    {
        AuditTrail.Record(db, eventName, userId, "users", detail);
        await db.SaveChangesAsync();
    }
}

using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Mail;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Account;

/// <summary>A reset: done, or the link is dead, or the new password was refused (the message says why).</summary>
public sealed record ResetResult(bool Succeeded, bool LinkInvalid, string? PasswordError);

/// <summary>
/// "Forgot password": a link mailed to a confirmed, active account (PasswordResetTokenProvider: 2
/// hours, once), and the reset it leads to. Asking answers the same whether or not the email has an
/// account. A reset also ends a lockout: the mailbox's owner proved who they are and chose a new password.
/// </summary>
public sealed class PasswordResetService(
    IDbContextFactory<CrmDbContext> dbFactory, UserManager<User> userManager, TenantScopes scopes, ITenantContext request,
    AccountMail mail, ILogger<PasswordResetService> securityLog)
{
    public const string LinkNoLongerValid = "This reset link is no longer valid. Ask for a new one.";

    public static string LinkPath(Guid userId, string token) => $"Account/ResetPassword?userId={userId}&code={LinkTokens.Encode(token)}";

    /// <summary>Mails a reset link when <paramref name="email"/> has an account; audited as password.reset_requested in its tenant.</summary>
    public async Task RequestAsync(string email, string linkBase, CancellationToken ct = default)
    {
        if (await UserLookup.FindForSignInAsync(dbFactory, userManager.NormalizeEmail(email.Trim()), ct) is not { } found)
        {
            securityLog.LogInformation("password.reset_requested: no account with email {Email}", email.ReplaceLineEndings(" "));
            return;
        }
        await using var asUser = scopes.Begin(new TenantSnapshot(found.TenantId, found.UserId, null), request.Origin);
        var users = asUser.ServiceProvider.GetRequiredService<UserManager<User>>();
        var db = asUser.ServiceProvider.GetRequiredService<CrmDbContext>();
        if (await users.FindByIdAsync(found.UserId.ToString()) is not { IsActive: true, DeletedAt: null } user) return;
        var token = await users.GeneratePasswordResetTokenAsync(user);
        AuditTrail.Record(db, "password.reset_requested", user.Id, "users");
        await db.SaveChangesAsync(ct);
        mail.ResetPassword(user.Email!, user.FullName, mail.Link(linkBase, LinkPath(user.Id, token)));
    }

    /// <summary>Sets the new password and lifts any lockout, audited as password.reset, in one transaction.</summary>
    public async Task<ResetResult> ResetAsync(Guid? userId, string? code, string password, CancellationToken ct = default)
    {
        if (LinkTokens.Decode(code) is not { } token || await UserLookup.FindByIdAsync(dbFactory, userId, ct) is not { } found)
            return new(false, true, null);
        await using var asUser = scopes.Begin(new TenantSnapshot(found.TenantId, found.UserId, null), request.Origin);
        var users = asUser.ServiceProvider.GetRequiredService<UserManager<User>>();
        var db = asUser.ServiceProvider.GetRequiredService<CrmDbContext>();
        if (await users.FindByIdAsync(found.UserId.ToString()) is not { IsActive: true, DeletedAt: null, EmailConfirmed: true } user)
            return new(false, true, null);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded)
        {
            return reset.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))
                ? new(false, true, null)
                : new(false, false, string.Join(" ", reset.Errors.Select(e => e.Description)));
        }
        IdentityResults.ThrowIfFailed(await users.SetLockoutEndDateAsync(user, null));
        IdentityResults.ThrowIfFailed(await users.ResetAccessFailedCountAsync(user));
        AuditTrail.Record(db, "password.reset", user.Id, "users");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new(true, false, null);
    }
}

using System.Text;
using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using static CrmBlazor.Features.Account.IdentityResults;

namespace CrmBlazor.Features.Account;

/// <summary>Who an invitation link is for, to greet them on the page.</summary>
public sealed record Invitation(string FullName, string Email, string Organization);

/// <summary>Accepting: the invitee signed up (sign them in), or the link is dead, or the password was refused.</summary>
public sealed record AcceptResult(User? User, bool LinkInvalid, string? PasswordError)
{
    public bool Succeeded => User is not null;
}

/// <summary>
/// Invitation links. An invitation is Identity's password-reset token for a user without a password:
/// it expires with the token lifespan (<see cref="ValidFor"/>) and works once, because setting the
/// password changes the user's security stamp, which every such token is bound to.
/// </summary>
public sealed class InvitationService(
    IDbContextFactory<CrmDbContext> dbFactory, UserManager<User> userManager, TenantScopes scopes, TimeProvider clock, ITenantContext request)
{
    public static readonly TimeSpan ValidFor = TimeSpan.FromDays(7);

    public const string NoLongerValid = "This invitation link is no longer valid. Ask your administrator for a new one.";

    /// <summary>The link's path, relative to the app's base address.</summary>
    public static string LinkPath(string email, string token) =>
        $"Account/AcceptInvitation?email={Uri.EscapeDataString(email)}&token={WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token))}";

    /// <summary>The invitation the link stands for, or null when it is expired, used or made up.</summary>
    public async Task<Invitation?> OpenAsync(string? email, string? token, CancellationToken ct = default)
    {
        if (Decode(token) is not { } decoded || await FindInviteeAsync(email, ct) is not { } found) return null;
        await using var asInvitee = scopes.Begin(found, request.Origin);
        var (users, db) = Services(asInvitee);
        if (await LoadInviteeAsync(users, found) is not { } user
            || !await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider,
                UserManager<User>.ResetPasswordTokenPurpose, decoded))
            return null;
        var organization = await db.Tenants.Where(t => t.Id == user.TenantId).Select(t => t.Name).SingleAsync(ct);
        return new(user.FullName, user.Email!, organization);
    }

    /// <summary>Sets the invitee's password, confirms their email and records user.invite_accepted, in one transaction.</summary>
    public async Task<AcceptResult> AcceptAsync(string? email, string? token, string password, CancellationToken ct = default)
    {
        if (Decode(token) is not { } decoded || await FindInviteeAsync(email, ct) is not { } found) return new(null, true, null);
        await using var asInvitee = scopes.Begin(found, request.Origin);
        var (users, db) = Services(asInvitee);
        if (await LoadInviteeAsync(users, found) is not { } user) return new(null, true, null);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var reset = await users.ResetPasswordAsync(user, decoded, password);
        if (!reset.Succeeded)
        {
            return reset.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))
                ? new(null, true, null)
                : new(null, false, string.Join(" ", reset.Errors.Select(e => e.Description)));
        }
        user.EmailConfirmed = true;
        user.LastSignInAt = clock.GetUtcNow();
        ThrowIfFailed(await users.UpdateAsync(user));
        AuditTrail.Record(db, "user.invite_accepted", user.Id, "users");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new(user, false, null);
    }

    /// <summary>
    /// Whom the email signs in as, if anyone: the snapshot to act as that user in their tenant, where
    /// row-level security lets Identity see them.
    /// </summary>
    private async Task<TenantSnapshot?> FindInviteeAsync(string? email, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(email)) return null;
        return await UserLookup.FindForSignInAsync(dbFactory, userManager.NormalizeEmail(email.Trim()), ct) is { } found
            ? new TenantSnapshot(found.TenantId, found.UserId, null)
            : null;
    }

    private static (UserManager<User> Users, CrmDbContext Db) Services(AsyncServiceScope scope) =>
        (scope.ServiceProvider.GetRequiredService<UserManager<User>>(), scope.ServiceProvider.GetRequiredService<CrmDbContext>());

    /// <summary>The invitee, if they are active and have not accepted an invitation yet.</summary>
    private static async Task<User?> LoadInviteeAsync(UserManager<User> users, TenantSnapshot invitee) =>
        await users.FindByIdAsync(invitee.UserId.ToString()!) is { IsActive: true, DeletedAt: null, EmailConfirmed: false } user ? user : null;

    private static string? Decode(string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Mail;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using static CrmBlazor.Features.Account.IdentityResults;

namespace CrmBlazor.Features.Account;

/// <summary>Who an invitation link is for, to greet them on the page.</summary>
public sealed record Invitation(string FullName, string Email, string Organization);

/// <summary>
/// Accepting: the invitee signed up (sign them in), or the link is dead, or the password was refused,
/// or a confirmed account elsewhere holds the email already (<see cref="Refusal"/>).
/// </summary>
public sealed record AcceptResult(User? User, bool LinkInvalid, string? PasswordError, string? Refusal = null)
{
    public bool Succeeded => User is not null;
}

/// <summary>
/// Invitation links. An invitation is an Identity token of its own purpose for a user without a
/// password, from the default provider: it expires with that provider's lifespan (<see cref="ValidFor"/>)
/// and works once, because setting the password changes the user's security stamp, which the token is
/// bound to. The link names the user by id: an unconfirmed address may wait in several tenants at once.
/// </summary>
public sealed class InvitationService(
    IDbContextFactory<CrmDbContext> dbFactory, TenantScopes scopes, TimeProvider clock, ITenantContext request, AccountMail mail)
{
    public static readonly TimeSpan ValidFor = TimeSpan.FromDays(7);

    private const string Purpose = "Invitation";

    public const string NoLongerValid = "This invitation link is no longer valid. Ask your administrator for a new one.";

    /// <summary>A fresh invitation token for <paramref name="user"/>; <paramref name="users"/> acts in the user's tenant.</summary>
    public static Task<string> GenerateTokenAsync(UserManager<User> users, User user) =>
        users.GenerateUserTokenAsync(user, TokenOptions.DefaultProvider, Purpose);

    /// <summary>The link's path, relative to the app's base address.</summary>
    public static string LinkPath(Guid userId, string token) => $"Account/AcceptInvitation?userId={userId}&token={LinkTokens.Encode(token)}";

    /// <summary>Mails the invitation at <paramref name="invitationPath"/> to the invitee, from the acting user's tenant.</summary>
    public async Task MailAsync(string email, string fullName, string invitationPath, string linkBase, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var organization = await db.Tenants.Select(t => t.Name).SingleAsync(ct);
        mail.Invitation(email.Trim(), fullName.Trim(), organization, mail.Link(linkBase, invitationPath));
    }

    /// <summary>The invitation the link stands for, or null when it is expired, used or made up.</summary>
    public async Task<Invitation?> OpenAsync(Guid? userId, string? token, CancellationToken ct = default)
    {
        if (LinkTokens.Decode(token) is not { } decoded || await UserLookup.FindByIdAsync(dbFactory, userId, ct) is not { } found) return null;
        await using var asInvitee = scopes.Begin(Snapshot(found), request.Origin);
        var (users, db) = Services(asInvitee);
        if (await LoadInviteeAsync(users, found) is not { } user
            || !await users.VerifyUserTokenAsync(user, TokenOptions.DefaultProvider, Purpose, decoded))
            return null;
        var organization = await db.Tenants.Where(t => t.Id == user.TenantId).Select(t => t.Name).SingleAsync(ct);
        return new(user.FullName, user.Email!, organization);
    }

    /// <summary>Sets the invitee's password, confirms their email and records user.invite_accepted, in one transaction.</summary>
    public async Task<AcceptResult> AcceptAsync(Guid? userId, string? token, string password, CancellationToken ct = default)
    {
        if (LinkTokens.Decode(token) is not { } decoded || await UserLookup.FindByIdAsync(dbFactory, userId, ct) is not { } found)
            return new(null, true, null);
        await using var asInvitee = scopes.Begin(Snapshot(found), request.Origin);
        var (users, db) = Services(asInvitee);
        if (await LoadInviteeAsync(users, found) is not { } user
            || !await users.VerifyUserTokenAsync(user, TokenOptions.DefaultProvider, Purpose, decoded))
            return new(null, true, null);

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // Adding the password changes the security stamp: the link stops working.
            var added = await users.AddPasswordAsync(user, password);
            if (!added.Succeeded) return new(null, false, string.Join(" ", added.Errors.Select(e => e.Description)));
            // The link reached the invitee's mailbox, which proves the address.
            user.EmailConfirmed = true;
            user.LastSignInAt = clock.GetUtcNow();
            ThrowIfFailed(await users.UpdateAsync(user));
            AuditTrail.Record(db, "user.invite_accepted", user.Id, "users");
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new(user, false, null);
        }
        catch (DbUpdateException ex) when (EmailReservation.IsTaken(ex))
        {
            return new(null, false, null, EmailReservation.Taken);
        }
    }

    private static TenantSnapshot Snapshot(UserLookup.UserTenant found) => new(found.TenantId, found.UserId, null);

    private static (UserManager<User> Users, CrmDbContext Db) Services(AsyncServiceScope scope) =>
        (scope.ServiceProvider.GetRequiredService<UserManager<User>>(), scope.ServiceProvider.GetRequiredService<CrmDbContext>());

    /// <summary>The invitee, if they are active and have not accepted an invitation yet.</summary>
    private static async Task<User?> LoadInviteeAsync(UserManager<User> users, UserLookup.UserTenant invitee) =>
        await users.FindByIdAsync(invitee.UserId.ToString()) is { IsActive: true, DeletedAt: null, EmailConfirmed: false } user ? user : null;
}

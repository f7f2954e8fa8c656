using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Mail;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Account;

public enum ConfirmOutcome { Confirmed, LinkInvalid, EmailTaken }

/// <summary>
/// Confirming the email of a sign-up by the mailed link, and mailing that link again. A registered
/// Owner signs in only once confirmed (RequireConfirmedEmail, and the sign-in lookup finds confirmed users only).
/// </summary>
public sealed class EmailConfirmationService(
    IDbContextFactory<CrmDbContext> dbFactory, UserManager<User> userManager, TenantScopes scopes, ITenantContext request, AccountMail mail)
{
    public static string LinkPath(Guid userId, string token) => $"Account/ConfirmEmail?userId={userId}&code={LinkTokens.Encode(token)}";

    /// <summary>Mails <paramref name="user"/> (of <paramref name="organization"/>) a confirmation link; <paramref name="users"/> acts in their tenant.</summary>
    internal async Task MailLinkAsync(UserManager<User> users, User user, string organization, string linkBase)
    {
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        mail.ConfirmEmail(user.Email!, user.FullName, organization, mail.Link(linkBase, LinkPath(user.Id, token)));
    }

    public async Task<ConfirmOutcome> ConfirmAsync(Guid? userId, string? code, CancellationToken ct = default)
    {
        if (LinkTokens.Decode(code) is not { } token || await UserLookup.FindByIdAsync(dbFactory, userId, ct) is not { } found)
            return ConfirmOutcome.LinkInvalid;
        await using var asUser = scopes.Begin(new TenantSnapshot(found.TenantId, found.UserId, null), request.Origin);
        var users = asUser.ServiceProvider.GetRequiredService<UserManager<User>>();
        var db = asUser.ServiceProvider.GetRequiredService<CrmDbContext>();
        if (await users.FindByIdAsync(found.UserId.ToString()) is not { IsActive: true, DeletedAt: null } user) return ConfirmOutcome.LinkInvalid;
        if (user.EmailConfirmed) return ConfirmOutcome.Confirmed;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (!(await users.ConfirmEmailAsync(user, token)).Succeeded) return ConfirmOutcome.LinkInvalid;
            AuditTrail.Record(db, "user.email_confirmed", user.Id, "users");
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return ConfirmOutcome.Confirmed;
        }
        catch (DbUpdateException ex) when (EmailReservation.IsTaken(ex))
        {
            // Someone else confirmed the address first (a second sign-up, or an invitation accepted).
            return ConfirmOutcome.EmailTaken;
        }
    }

    /// <summary>Mails every sign-up with this email still waiting for confirmation a new link; says nothing about whether there was one.</summary>
    public async Task ResendAsync(string email, string linkBase, CancellationToken ct = default)
    {
        var normalized = userManager.NormalizeEmail(email.Trim());
        if (await UserLookup.FindForSignInAsync(dbFactory, normalized, ct) is not null) return;
        foreach (var pending in await UserLookup.FindPendingRegistrationsAsync(dbFactory, normalized, ct))
        {
            await using var asUser = scopes.Begin(new TenantSnapshot(pending.TenantId, pending.UserId, null), request.Origin);
            var users = asUser.ServiceProvider.GetRequiredService<UserManager<User>>();
            var db = asUser.ServiceProvider.GetRequiredService<CrmDbContext>();
            if (await users.FindByIdAsync(pending.UserId.ToString()) is not { IsActive: true, DeletedAt: null } user) continue;
            var organization = await db.Tenants.Where(t => t.Id == user.TenantId).Select(t => t.Name).SingleAsync(ct);
            await MailLinkAsync(users, user, organization, linkBase);
        }
    }
}

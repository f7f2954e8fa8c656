using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Admin.Pipelines;
using CrmBlazor.Features.Mail;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using static CrmBlazor.Features.Account.IdentityResults;

namespace CrmBlazor.Features.Account;

public sealed record Registration(string Organization, string FullName, string Email, string Password);

/// <summary>
/// Field name → message; empty when the sign-up was accepted. <see cref="Owner"/> is the new,
/// unconfirmed Owner, or null when the email already had an account (the page must not tell the difference).
/// </summary>
public sealed record RegistrationResult(User? Owner, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>The steps of a sign-up, in order; tests inject a failure after each to prove nothing survives.</summary>
public enum RegistrationStep { Tenant, Owner, OwnerRole, Pipeline, Audit }

/// <summary>
/// Sign-up: the tenant, its unconfirmed Owner, the default Sales pipeline and the audit rows, in one
/// transaction (a failure at any step leaves no row behind), then a mail to confirm the address. An
/// email that already has a confirmed account creates nothing: its holder is mailed a note instead, and
/// the visitor sees the same answer as for a fresh sign-up. Unconfirmed sign-ups are kept (the tenant
/// waits with its unconfirmed Owner); they hold no address, so they block no one.
/// </summary>
public sealed class RegistrationService(
    IDbContextFactory<CrmDbContext> dbFactory, UserManager<User> userManager, TenantScopes scopes, ITenantContext request,
    EmailConfirmationService confirmations, AccountMail mail)
{
    /// <summary>Runs after each step inside the transaction; a test seam for fault injection.</summary>
    internal Func<RegistrationStep, Task> AfterStepAsync { get; set; } = _ => Task.CompletedTask;

    /// <summary>Registers; mailed links start with <paramref name="linkBase"/> unless Mail:AppUrl is set.</summary>
    public async Task<RegistrationResult> RegisterAsync(Registration form, string linkBase, CancellationToken ct = default)
    {
        var owner = new User
        {
            Id = Guid.NewGuid(), TenantId = Guid.NewGuid(), UserName = form.Email.Trim(), Email = form.Email.Trim(),
            FullName = form.FullName.Trim(), EmailConfirmed = false,
        };
        var errors = await ValidateAsync(form, owner);
        if (errors.Count > 0) return new(null, errors);
        if (await NoteToExistingAccountAsync(owner.Email, linkBase, ct)) return new(null, errors);

        // The new tenant's scope: its context, and Identity's, act as the new Owner from the first statement.
        await using var asOwner = scopes.Begin(new TenantSnapshot(owner.TenantId, owner.Id, Role.Owner), request.Origin);
        var db = asOwner.ServiceProvider.GetRequiredService<CrmDbContext>();
        var users = asOwner.ServiceProvider.GetRequiredService<UserManager<User>>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await AddTenantAsync(db, owner.TenantId, form.Organization.Trim(), ct);
        await AfterStepAsync(RegistrationStep.Tenant);
        ThrowIfFailed(await users.CreateAsync(owner, form.Password));
        await AfterStepAsync(RegistrationStep.Owner);
        ThrowIfFailed(await users.AddToRoleAsync(owner, Role.Owner));
        await AfterStepAsync(RegistrationStep.OwnerRole);
        db.Pipelines.Add(DefaultPipeline.Create());
        await db.SaveChangesAsync(ct);
        await AfterStepAsync(RegistrationStep.Pipeline);
        AuditTrail.Record(db, "tenant.register", owner.TenantId, "tenants");
        await db.SaveChangesAsync(ct);
        await AfterStepAsync(RegistrationStep.Audit);
        await transaction.CommitAsync(ct);
        await confirmations.MailLinkAsync(users, owner, form.Organization.Trim(), linkBase);
        return new(owner, errors);
    }

    /// <summary>When a confirmed account holds <paramref name="email"/>: mails its holder that someone tried to register, and says so.</summary>
    private async Task<bool> NoteToExistingAccountAsync(string email, string linkBase, CancellationToken ct)
    {
        if (await UserLookup.FindForSignInAsync(dbFactory, userManager.NormalizeEmail(email), ct) is not { } existing) return false;
        await using var asHolder = scopes.Begin(new TenantSnapshot(existing.TenantId, existing.UserId, null), request.Origin);
        var holder = await asHolder.ServiceProvider.GetRequiredService<UserManager<User>>().FindByIdAsync(existing.UserId.ToString());
        mail.RegistrationAttempt(holder?.Email ?? email, holder?.FullName ?? "", mail.Link(linkBase, "Account/ForgotPassword"));
        return true;
    }

    private const string InvalidEmail = "Enter a valid email address.";

    private async Task<Dictionary<string, string>> ValidateAsync(Registration form, User owner)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(form.Organization)) errors[nameof(form.Organization)] = "Enter your organization's name.";
        if (string.IsNullOrWhiteSpace(form.FullName)) errors[nameof(form.FullName)] = "Enter your full name.";
        // Identity refuses some addresses the form's check lets through (quotes, spaces, characters outside its
        // user-name alphabet); asked here, that is a field error, not a failure half-way through the transaction.
        foreach (var validator in userManager.UserValidators)
            if (!(await validator.ValidateAsync(userManager, owner)).Succeeded)
                errors.TryAdd(nameof(form.Email), InvalidEmail);
        foreach (var validator in userManager.PasswordValidators)
        {
            var result = await validator.ValidateAsync(userManager, owner, form.Password);
            if (!result.Succeeded)
                errors[nameof(form.Password)] = string.Join(" ", result.Errors.Select(e => e.Description));
        }
        return errors;
    }

    /// <summary>
    /// Adds the tenant under a slug made from its name, with a short suffix when the name's slug is
    /// taken. Other tenants are invisible here, so the unique index is what says "taken"; EF rolls a
    /// failed save back to its savepoint, so the transaction carries on.
    /// </summary>
    private static async Task AddTenantAsync(CrmDbContext db, Guid tenantId, string name, CancellationToken ct)
    {
        var row = new Tenant { Id = tenantId, Name = name, Slug = TenantSlug.From(name) };
        db.Tenants.Add(row);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (Exception ex) when (attempt < 5 && ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ix_tenants_slug" })
            {
                row.Slug = TenantSlug.WithSuffix(TenantSlug.From(name));
            }
        }
    }
}

using System.ComponentModel.DataAnnotations;
using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CrmBlazor.Features.Contacts;

/// <summary>Reads and writes contacts for the acting tenant. Each method uses its own DbContext (circuit-safe).</summary>
public sealed class ContactService(IDbContextFactory<CrmDbContext> dbFactory, PermissionGuard guard)
{
    public const string DuplicateEmail = "A contact with this email already exists.";

    public async Task<IReadOnlyList<ContactListItem>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Contacts
            .OrderBy(c => c.LastName).ThenBy(c => c.FirstName)
            .Select(c => new ContactListItem(c.Id, (c.FirstName + " " + c.LastName).Trim(), c.Email, c.Company!.Name, c.Owner!.FullName))
            .Take(200)
            .ToListAsync(ct);
    }

    /// <summary>The contact, or null when it does not exist, is deleted, or belongs to another tenant: all look the same.</summary>
    public async Task<ContactDetails?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Contacts
            .Where(c => c.Id == id)
            .Select(c => new ContactDetails(c.Id, c.FirstName, c.LastName, c.Email, c.Phone, c.JobTitle, c.Notes,
                c.CompanyId, c.Company!.Name, c.OwnerId, c.Owner!.FullName, c.CreatedAt, c.Version))
            .SingleOrDefaultAsync(ct);
    }

    public async Task<SaveResult> CreateAsync(ContactForm form, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "contacts.create", ct);
        if (Validate(form) is { } invalid) return invalid;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await FindActiveByEmailAsync(db, form.Email, ct) is { } existing)
            return SaveResult.Invalid(nameof(ContactForm.Email), DuplicateEmail, existing);

        var contact = new Contact();
        Apply(form, contact);
        db.Contacts.Add(contact);
        try
        {
            await db.SaveChangesAsync(ct);
            return SaveResult.Saved(contact.Id);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException pg && ContactConstraints.Describe(pg) is { } field)
        {
            var existingId = field.Field == nameof(ContactForm.Email) ? await FindActiveByEmailAsync(db, form.Email, ct) : null;
            return SaveResult.Invalid(field.Field, field.Message, existingId);
        }
    }

    /// <summary>Companies whose name contains the text, for the form's autocomplete.</summary>
    public async Task<IReadOnlyList<Choice>> FindCompaniesAsync(string? text, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Companies.AsQueryable();
        if (!string.IsNullOrWhiteSpace(text))
            query = query.Where(c => EF.Functions.ILike(c.Name, "%" + text.Trim() + "%"));
        return await query.OrderBy(c => c.Name).Take(20).Select(c => new Choice(c.Id, c.Name)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<Choice>> ListOwnersAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.Where(u => u.IsActive).OrderBy(u => u.FullName).Select(u => new Choice(u.Id, u.FullName)).ToListAsync(ct);
    }

    private static SaveResult? Validate(ContactForm form)
    {
        // The browser's checks are a convenience; this is the one that counts.
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(form, new ValidationContext(form), results, validateAllProperties: true))
            return null;
        var errors = new Dictionary<string, string>();
        foreach (var result in results)
            foreach (var member in result.MemberNames.DefaultIfEmpty(nameof(ContactForm.FirstName)))
                errors.TryAdd(member, result.ErrorMessage ?? "Invalid value.");
        return SaveResult.Invalid(errors);
    }

    private static async Task<Guid?> FindActiveByEmailAsync(CrmDbContext db, string? email, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(email)) return null;
        var normalized = email.Trim().ToLower();
        return await db.Contacts.Where(c => c.Email != null && c.Email.ToLower() == normalized)
            .Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
    }

    private static void Apply(ContactForm form, Contact contact)
    {
        contact.FirstName = Clean(form.FirstName);
        contact.LastName = Clean(form.LastName);
        contact.Email = Clean(form.Email);
        contact.Phone = Clean(form.Phone);
        contact.JobTitle = Clean(form.JobTitle);
        contact.Notes = Clean(form.Notes);
        contact.CompanyId = form.CompanyId;
        contact.OwnerId = form.OwnerId;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

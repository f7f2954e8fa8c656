using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;
using CrmBlazor.Features.Trash;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CrmBlazor.Features.Contacts;

/// <summary>Reads and writes contacts for the acting tenant. Each method uses its own DbContext (circuit-safe).</summary>
public sealed partial class ContactService(IDbContextFactory<CrmDbContext> dbFactory, PermissionGuard guard, TimeProvider clock)
{
    public const string DuplicateEmail = "A contact with this email already exists.";
    public const string ChangedBySomeoneElse = "This contact was changed by someone else while you edited it. Their values are shown; make your change again.";

    /// <summary>One page of the list and the number of contacts the search and filters match.</summary>
    public async Task<ContactSearchResult> SearchAsync(ContactQuery query, CancellationToken ct = default)
    {
        query = query with { Page = ListPaging.Page(query.Page, query.PageSize), PageSize = ListPaging.Size(query.PageSize) };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!query.HasSearch)
        {
            var contacts = ContactSearch.Filter(db, query);
            // The page's ids first (an index-only scan when sorted by name), then only those rows.
            var pageIds = ContactSearch.Sort(contacts, query, db).Skip(query.Page * query.PageSize).Take(query.PageSize).Select(c => c.Id);
            var page = ContactSearch.Project(ContactSearch.Sort(db.Contacts.Where(c => pageIds.Contains(c.Id)), query, db), db);
            if (ContactSearch.HasFilters(query))
            {
                var (total, isCapped) = await CappedCountAsync(contacts, ct);
                return new(await page.ToListAsync(ct), total, isCapped);
            }
            // Unfiltered, the tally rides along with the page: one statement instead of two.
            var liveCount = ContactSearch.LiveCount(db);
            var rows = await page.Select(row => new { Row = row, Total = liveCount.FirstOrDefault() }).ToListAsync(ct);
            var live = rows.Count > 0 ? rows[0].Total : await liveCount.FirstOrDefaultAsync(ct);
            return new(rows.Select(r => r.Row).ToList(), (int)live);
        }

        if (query.Sort == ContactSort.Name && !query.Descending)
        {
            // Searching without a chosen sort: the search's own order, best matches first.
            var (rows, found) = await ContactSearch.FindPageAsync(db, query, ct);
            return new(rows, Math.Min(found, ContactSearch.MaxSearchResults), found > ContactSearch.MaxSearchResults);
        }
        var all = await ContactSearch.FindAsync(db, query, ct);
        var matches = all.Take(ContactSearch.MaxSearchResults).ToList();
        var isMore = all.Count > matches.Count;
        var sorted = ContactSearch.Sort(db.Contacts.Where(c => matches.Contains(c.Id)), query, db)
            .Skip(query.Page * query.PageSize).Take(query.PageSize);
        return new(await ContactSearch.Project(sorted, db).ToListAsync(ct), matches.Count, isMore);
    }

    /// <summary>A filtered list's count, stopping past <see cref="ContactSearch.MaxCounted"/> rather than counting every row each time.</summary>
    internal static async Task<(int Total, bool IsCapped)> CappedCountAsync(IQueryable<Contact> contacts, CancellationToken ct)
    {
        var counted = await contacts.Take(ContactSearch.MaxCounted + 1).CountAsync(ct);
        return (Math.Min(counted, ContactSearch.MaxCounted), counted > ContactSearch.MaxCounted);
    }

    /// <summary>The contact, or null when it does not exist, is deleted, or belongs to another tenant: all look the same.</summary>
    public async Task<ContactDetails?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LoadDetailsAsync(db, id, ct);
    }

    /// <summary>Saves an edit made on the values read at <see cref="ContactForm.Version"/>; if the contact changed since, nothing is overwritten.</summary>
    public async Task<SaveResult<ContactDetails>> UpdateAsync(Guid id, ContactForm form, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "contacts.update", ct);
        if (SaveResult.IfInvalid(form, nameof(ContactForm.FirstName)) is { } invalid) return invalid;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var contact = await db.Contacts.Include(c => c.Tags).SingleOrDefaultAsync(c => c.Id == id, ct)
            ?? throw new StaleSelectionException("This contact no longer exists.");
        if (await FindActiveByEmailAsync(db, form.Email, ct) is { } existing && existing != id)
            return SaveResult.Invalid(nameof(ContactForm.Email), DuplicateEmail, existing);

        db.Entry(contact).Property(c => c.Version).OriginalValue = form.Version ?? 0;
        Apply(form, contact);
        try
        {
            await db.SaveChangesAsync(ct);
            return SaveResult.Saved(id);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await dbFactory.CreateDbContextAsync(ct);
            return await LoadDetailsAsync(fresh, id, ct) is { } current
                ? Changed(current)
                : throw new StaleSelectionException("This contact was deleted by someone else.");
        }
        catch (DbUpdateException ex) when (ContactConstraints.Describe(ex) is { } field)
        {
            return SaveResult.Invalid(field);
        }
    }

    private static async Task<ContactDetails?> LoadDetailsAsync(CrmDbContext db, Guid id, CancellationToken ct)
    {
        var details = await db.Contacts
            .Where(c => c.Id == id)
            .Select(c => new ContactDetails(c.Id, c.FirstName, c.LastName, c.Email, c.Phone, c.JobTitle, c.Notes,
                c.CompanyId, c.Company!.Name, c.OwnerId, c.Owner!.FullName, c.CreatedAt, c.Version)
            {
                Tags = c.Tags.OrderBy(t => t.Tag!.Name).Select(t => new TagLabel(t.TagId, t.Tag!.Name, t.Tag.Color)).ToList(),
            })
            .SingleOrDefaultAsync(ct);
        if (details is null) return null;
        var deals = await db.Deals.Where(d => d.ContactId == id).OrderBy(d => d.Stage!.Position)
            .Select(d => new ContactDeal(d.Id, d.Title, d.Stage!.Name, d.Value, d.Currency)).ToListAsync(ct);
        var trashedCompany = details.CompanyName is null ? await TrashedNames.CompanyAsync(db, details.CompanyId, ct) : null;
        return details with { Deals = deals, TrashedCompanyName = trashedCompany };
    }

    public async Task<SaveResult<ContactDetails>> CreateAsync(ContactForm form, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "contacts.create", ct);
        if (SaveResult.IfInvalid(form, nameof(ContactForm.FirstName)) is { } invalid) return invalid;

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
        catch (DbUpdateException ex) when (ContactConstraints.Describe(ex) is { } field)
        {
            var existingId = field.Field == nameof(ContactForm.Email) ? await FindActiveByEmailAsync(db, form.Email, ct) : null;
            return SaveResult.Invalid(field.Field, field.Message, existingId);
        }
    }

    /// <summary>Tags the contacts to ids in one transaction; a contact that is not this tenant's fails them all.</summary>
    public Task BulkAddTagAsync(IReadOnlyCollection<Guid> ids, Guid tagId, CancellationToken ct = default) =>
        BulkAsync("contacts.bulk_add_tag", async db =>
        {
            var tagged = await db.ContactTags.Where(t => t.TagId == tagId && ids.Contains(t.ContactId)).Select(t => t.ContactId).ToListAsync(ct);
            db.ContactTags.AddRange(ids.Except(tagged).Select(id => new ContactTag { ContactId = id, TagId = tagId }));
        }, ct);

    public Task BulkRemoveTagAsync(IReadOnlyCollection<Guid> ids, Guid tagId, CancellationToken ct = default) =>
        BulkAsync("contacts.bulk_remove_tag", async db =>
            db.ContactTags.RemoveRange(await db.ContactTags.Where(t => t.TagId == tagId && ids.Contains(t.ContactId)).ToListAsync(ct)), ct);

    public Task BulkChangeOwnerAsync(IReadOnlyCollection<Guid> ids, Guid? ownerId, CancellationToken ct = default) =>
        BulkAsync("contacts.bulk_change_owner", async db =>
        {
            foreach (var contact in await LoadAllAsync(db.Contacts, ids, ct))
                contact.OwnerId = ownerId;
        }, ct);

    /// <summary>Soft delete: the contacts disappear from lists and search, and <see cref="RestoreAsync"/> brings them back.</summary>
    public Task DeleteAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct = default) =>
        BulkAsync("contacts.delete", async db =>
        {
            var now = clock.GetUtcNow();
            foreach (var contact in await LoadAllAsync(db.Contacts, ids, ct))
                contact.DeletedAt = now;
        }, ct);

    /// <summary>Brings deleted contacts back, with their tags, activities and place on deals (a soft delete kept them), unless one's email was taken meanwhile.</summary>
    public async Task<SaveResult> RestoreAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "contacts.restore", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await UndeleteAsync(db, ids, ct) ?? SaveResult.Saved(ids.First());
    }

    /// <summary>
    /// Restores deleted contacts on <paramref name="db"/> and saves (inside the caller's transaction when it has one).
    /// Null when done; otherwise why not: one is gone, or an active contact now has its email. Undo and the Trash both restore here.
    /// </summary>
    internal static async Task<SaveResult?> UndeleteAsync(CrmDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var contacts = await db.Contacts.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter])
            .Where(c => ids.Contains(c.Id) && c.DeletedAt != null).ToListAsync(ct);
        if (contacts.Count != ids.Distinct().Count()) return SaveResult.Gone(RestoreGone);
        foreach (var contact in contacts)
            if (await FindActiveByEmailAsync(db, contact.Email, ct) is { } taken)
                return SaveResult.Invalid(nameof(ContactForm.Email), EmailTakenOnRestore(contact.Email!), taken);
        foreach (var contact in contacts)
            contact.DeletedAt = null;
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { ConstraintName: "ux_contacts_email_active" })
        {
            // Taken between the check and the save, or two of the restored contacts share one.
            return SaveResult.Invalid(nameof(ContactForm.Email), EmailTakenOnRestore("their email"));
        }
    }

    public const string RestoreGone = "Some of these contacts are no longer in the trash. Reload and try again.";

    public static string EmailTakenOnRestore(string email) =>
        $"Another contact now uses {email}, so the deleted contact with that email cannot be restored.";

    private async Task BulkAsync(string action, Func<CrmDbContext, Task> change, CancellationToken ct)
    {
        await guard.DemandAsync(Permission.EditRecords, action, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await change(db);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>All of the ids or nothing: an id that is missing here (another tenant's, or already gone) stops the change.</summary>
    private static async Task<List<Contact>> LoadAllAsync(IQueryable<Contact> contacts, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var found = await contacts.Where(c => ids.Contains(c.Id)).ToListAsync(ct);
        if (found.Count != ids.Distinct().Count())
            throw new StaleSelectionException("Some of the selected contacts no longer exist. Reload the list and try again.");
        return found;
    }

    /// <summary>Refused because the contact changed since the form was loaded; the dialog shows the sentence as the error of no field ("").</summary>
    private static SaveResult<ContactDetails> Changed(ContactDetails current) =>
        new(null, new Dictionary<string, string> { [""] = ChangedBySomeoneElse }) { Current = current };

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
        contact.Tags.RemoveAll(t => !form.TagIds.Contains(t.TagId));
        contact.Tags.AddRange(form.TagIds.Where(id => contact.Tags.All(t => t.TagId != id)).Select(id => new ContactTag { TagId = id }));
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

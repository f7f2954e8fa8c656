using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Contacts;

public sealed partial class ContactService
{
    public static string SameEmailInRequest(int firstIndex) =>
        $"Record {firstIndex} of this request has the same email; each contact needs its own.";

    /// <summary>
    /// Creates the contacts all or none (the API's bulk create): every form's rules, then ONE query for the
    /// emails live contacts already hold, then ONE SaveChanges (one transaction, its inserts batched). The
    /// first refused record is named by its place; when one is refused nothing is saved.
    /// </summary>
    public async Task<BulkSaveResult> CreateManyAsync(IReadOnlyList<ContactForm> forms, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "contacts.create_many", ct);
        var placeOfEmail = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < forms.Count; i++)
        {
            if (SaveResult.IfInvalid(forms[i], nameof(ContactForm.FirstName)) is { } invalid) return BulkSaveResult.Refused(i, invalid);
            if (Clean(forms[i].Email) is { } email && !placeOfEmail.TryAdd(email, i))
                return BulkSaveResult.Refused(i, SaveResult.Invalid(nameof(ContactForm.Email), SameEmailInRequest(placeOfEmail[email])));
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var emails = placeOfEmail.Keys.Select(e => e.ToLowerInvariant()).ToList();
        var held = await db.Contacts.Where(c => c.Email != null && emails.Contains(c.Email.ToLower()))
            .Select(c => new { c.Id, c.Email }).ToListAsync(ct);
        if (held.Where(h => placeOfEmail.ContainsKey(h.Email!)).MinBy(h => placeOfEmail[h.Email!]) is { } taken)
            return BulkSaveResult.Refused(placeOfEmail[taken.Email!], SaveResult.Invalid(nameof(ContactForm.Email), DuplicateEmail, taken.Id));

        // Which record each entity belongs to, so a constraint the database enforces names the record that broke it.
        var placeOf = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        var contacts = new List<Contact>(forms.Count);
        foreach (var form in forms)
        {
            var contact = new Contact();
            Apply(form, contact);
            placeOf[contact] = contacts.Count;
            foreach (var tag in contact.Tags) placeOf[tag] = contacts.Count;
            contacts.Add(contact);
        }
        db.Contacts.AddRange(contacts);
        try
        {
            await db.SaveChangesAsync(ct);
            return BulkSaveResult.Saved([.. contacts.Select(c => c.Id)]);
        }
        catch (DbUpdateException ex) when (ContactConstraints.Describe(ex) is { } field)
        {
            // EF names the entries of the insert that failed; a check made at commit names none, so the first record stands for them.
            var at = ex.Entries.Select(e => placeOf.GetValueOrDefault(e.Entity, -1)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
            var existingId = field.Field == nameof(ContactForm.Email) ? await FindActiveByEmailAsync(db, forms[at].Email, ct) : null;
            return BulkSaveResult.Refused(at, SaveResult.Invalid(field.Field, field.Message, existingId));
        }
    }
}

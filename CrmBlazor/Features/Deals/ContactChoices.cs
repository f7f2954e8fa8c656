using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Contacts;
using CrmBlazor.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Deals;

/// <summary>The contacts the deal dialog offers to choose from.</summary>
internal static class ContactChoices
{
    /// <summary>
    /// Typing searches as the contacts list does (typo-tolerant, best first, fast at a million
    /// contacts); with nothing typed, the first contacts by name.
    /// </summary>
    public static async Task<IReadOnlyList<ContactChoice>> ContactsAsync(CrmDbContext db, string? text, Guid? companyId, CancellationToken ct)
    {
        var query = new ContactQuery { Search = text, CompanyId = companyId };
        if (!query.HasSearch)
            return await Project(ContactSearch.Filter(db, query).OrderBy(c => c.LastName).ThenBy(c => c.FirstName).Take(LookupService.Matches)).ToListAsync(ct);
        var best = (await ContactSearch.FindAsync(db, query, ct)).Take(LookupService.Matches).ToList();
        var found = await Project(db.Contacts.Where(c => best.Contains(c.Id))).ToListAsync(ct);
        return found.OrderBy(c => best.IndexOf(c.Id)).ToList();
    }

    public static async Task<ContactChoice?> ContactAsync(CrmDbContext db, Guid id, CancellationToken ct) =>
        await Project(db.Contacts.Where(c => c.Id == id)).SingleOrDefaultAsync(ct);

    private static IQueryable<ContactChoice> Project(IQueryable<Contact> contacts) =>
        contacts.Select(c => new ContactChoice(c.Id, (c.FirstName + " " + c.LastName).Trim(), c.CompanyId, c.Company!.Name));
}

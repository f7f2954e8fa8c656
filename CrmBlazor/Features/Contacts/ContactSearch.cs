using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Contacts;

/// <summary>
/// The contacts list query, composed in SQL: filters, typo-tolerant search over name, email, phone
/// and company, sort, and one page. Search uses the trigram index on contacts.search_text (and on
/// companies' lower(name)) in two steps: first the text as a substring, which the index answers
/// precisely; only when that finds nothing, words similar to it (pg_trgm's word_similarity,
/// operator &lt;%), so a misspelled "Quiblesworth" still finds "Quibblesworth". The similarity scan
/// touches every row sharing a trigram with the text, so it is the fallback, not the first try.
/// </summary>
public static class ContactSearch
{
    /// <summary>
    /// Contacts matching the filters and search. Companies matching the search are looked up first and
    /// passed as a list, so the whole condition stays an OR of index scans (a subquery here would not).
    /// </summary>
    public static async Task<IQueryable<Contact>> FilterAsync(CrmDbContext db, ContactQuery query, bool similarWords, CancellationToken ct)
    {
        if (!query.HasSearch) return Filter(db, query, [], similarWords: false);
        var pattern = "%" + EscapeLike(query.Search!.Trim().ToLowerInvariant()) + "%";
        var companyIds = await db.Companies.Where(co => EF.Functions.Like(co.Name.ToLower(), pattern))
            .Select(co => co.Id).Take(MaxMatchingCompanies).ToListAsync(ct);
        return Filter(db, query, companyIds, similarWords);
    }

    private const int MaxMatchingCompanies = 500;

    private static IQueryable<Contact> Filter(CrmDbContext db, ContactQuery query, List<Guid> matchingCompanies, bool similarWords)
    {
        var contacts = db.Contacts.AsQueryable();
        if (query.TagId is { } tagId)
            contacts = contacts.Where(c => c.Tags.Any(t => t.TagId == tagId));
        if (query.OwnerId is { } ownerId)
            contacts = contacts.Where(c => c.OwnerId == ownerId);
        if (query.CompanyId is { } companyId)
            contacts = contacts.Where(c => c.CompanyId == companyId);
        if (query.HasSearch)
        {
            var text = query.Search!.Trim().ToLowerInvariant();
            var pattern = "%" + EscapeLike(text) + "%";
            // The text conditions run inside database functions (Sql/contact_search.sql) so they can use the index.
            var found = similarWords
                ? db.Database.SqlQuery<Guid>($"SELECT id AS \"Value\" FROM crm_contacts_similar_to({text}) AS id")
                : db.Database.SqlQuery<Guid>($"SELECT id AS \"Value\" FROM crm_contacts_matching({pattern}) AS id");
            contacts = similarWords || matchingCompanies.Count == 0
                ? contacts.Where(c => found.Contains(c.Id))
                : contacts.Where(c => found.Contains(c.Id) || (c.CompanyId != null && matchingCompanies.Contains(c.CompanyId.Value)));
        }
        return contacts;
    }

    public static IQueryable<Contact> Sort(IQueryable<Contact> contacts, ContactQuery query, CrmDbContext db)
    {
        if (query.HasSearch && query.Sort == ContactSort.Name && !query.Descending)
        {
            // Searching without a chosen sort: best matches first.
            var text = query.Search!.Trim().ToLowerInvariant();
            return contacts.OrderByDescending(c => EF.Functions.TrigramsWordSimilarity(text, c.SearchText)).ThenBy(c => c.Id);
        }
        return (query.Sort, query.Descending) switch
        {
            (ContactSort.Email, false) => contacts.OrderBy(c => c.Email).ThenBy(c => c.Id),
            (ContactSort.Email, true) => contacts.OrderByDescending(c => c.Email).ThenBy(c => c.Id),
            (ContactSort.Company, false) => contacts.OrderBy(c => c.Company!.Name).ThenBy(c => c.Id),
            (ContactSort.Company, true) => contacts.OrderByDescending(c => c.Company!.Name).ThenBy(c => c.Id),
            (ContactSort.Owner, false) => contacts.OrderBy(c => c.Owner!.FullName).ThenBy(c => c.Id),
            (ContactSort.Owner, true) => contacts.OrderByDescending(c => c.Owner!.FullName).ThenBy(c => c.Id),
            (ContactSort.LastActivity, false) => contacts.OrderBy(c => db.Activities.Where(a => a.ContactId == c.Id).Max(a => (DateTimeOffset?)a.CreatedAt)).ThenBy(c => c.Id),
            (ContactSort.LastActivity, true) => contacts.OrderByDescending(c => db.Activities.Where(a => a.ContactId == c.Id).Max(a => (DateTimeOffset?)a.CreatedAt)).ThenBy(c => c.Id),
            (_, true) => contacts.OrderByDescending(c => c.LastName).ThenByDescending(c => c.FirstName).ThenBy(c => c.Id),
            _ => contacts.OrderBy(c => c.LastName).ThenBy(c => c.FirstName).ThenBy(c => c.Id),
        };
    }

    public static IQueryable<ContactRow> Project(IQueryable<Contact> contacts, CrmDbContext db) =>
        contacts.Select(c => new ContactRow(
            c.Id, (c.FirstName + " " + c.LastName).Trim(), c.Email, c.Phone, c.CompanyId, c.Company!.Name, c.Owner!.FullName,
            c.Tags.Select(t => new TagChip(t.TagId, t.Tag!.Name, t.Tag.Color)).ToList(),
            db.Activities.Where(a => a.ContactId == c.Id).Max(a => (DateTimeOffset?)a.CreatedAt)));

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}

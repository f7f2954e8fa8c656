using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace CrmBlazor.Features.Contacts;

/// <summary>
/// The contacts list query, composed in SQL. A search goes through crm_contacts_search
/// (Sql/contact_list_speed.sql): typo-tolerant over name, email, phone and company, best matches
/// first, and bounded, so a broad fragment at a million contacts costs no more than a precise one.
/// Without a search the list is the filters, a sort and a page, with its total from the tenant's
/// contact tally.
/// </summary>
public static class ContactSearch
{
    /// <summary>A search lists at most this many matches and says "1,000+" beyond: enough to pick from; more means typing more.</summary>
    public const int MaxSearchResults = 1000;

    /// <summary>A filtered list counts up to this many and says "10,000+" beyond, instead of counting every row each time.</summary>
    public const int MaxCounted = 10_000;

    /// <summary>The ids of the best matches of the search and filters, best first, one past the cap when there are more.</summary>
    public static Task<List<Guid>> FindAsync(CrmDbContext db, ContactQuery query, CancellationToken ct) =>
        db.Database.SqlQuery<Guid>($"""
            SELECT m.id AS "Value"
            FROM crm_contacts_search({query.Search!.Trim()}, {MaxSearchResults + 1}, {Uuid(query.OwnerId)}, {Uuid(query.CompanyId)}, {Uuid(query.TagId)})
                WITH ORDINALITY AS m(id, position)
            GROUP BY m.id
            ORDER BY min(m.position)
            """).ToListAsync(ct);

    /// <summary>How many live contacts the tenant has, kept by triggers (contact_tallies), so the unfiltered total costs one row.</summary>
    public static async Task<int> LiveCountAsync(CrmDbContext db, CancellationToken ct) =>
        (int)await db.Database.SqlQuery<long>($"""
            SELECT coalesce(max(live_contacts), 0) AS "Value" FROM contact_tallies
            WHERE tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid
            """).SingleAsync(ct);

    public static IQueryable<Contact> Filter(CrmDbContext db, ContactQuery query)
    {
        var contacts = db.Contacts.AsQueryable();
        if (query.TagId is { } tagId)
            contacts = contacts.Where(c => c.Tags.Any(t => t.TagId == tagId));
        if (query.OwnerId is { } ownerId)
            contacts = contacts.Where(c => c.OwnerId == ownerId);
        if (query.CompanyId is { } companyId)
            contacts = contacts.Where(c => c.CompanyId == companyId);
        return contacts;
    }

    public static bool HasFilters(ContactQuery query) => query.TagId is not null || query.OwnerId is not null || query.CompanyId is not null;

    public static IQueryable<Contact> Sort(IQueryable<Contact> contacts, ContactQuery query, CrmDbContext db) =>
        (query.Sort, query.Descending) switch
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

    public static IQueryable<ContactRow> Project(IQueryable<Contact> contacts, CrmDbContext db) =>
        contacts.Select(c => new ContactRow(
            c.Id, (c.FirstName + " " + c.LastName).Trim(), c.Email, c.Phone, c.CompanyId, c.Company!.Name, c.Owner!.FullName,
            c.Tags.Select(t => new TagChip(t.TagId, t.Tag!.Name, t.Tag.Color)).ToList(),
            db.Activities.Where(a => a.ContactId == c.Id).Max(a => (DateTimeOffset?)a.CreatedAt)));

    // Typed, so a null filter still tells PostgreSQL which function it calls.
    private static NpgsqlParameter Uuid(Guid? value) => new() { NpgsqlDbType = NpgsqlDbType.Uuid, Value = (object?)value ?? DBNull.Value };
}

using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Search;
using CrmBlazor.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Contacts;

/// <summary>
/// The contacts list query, composed in SQL. A search goes through RecordSearch (crm_search in
/// Sql/search.sql): typo- and accent-tolerant over name, email, phone, job title and company, best
/// matches first, and bounded, so a broad search at a million contacts costs no more than a precise one.
/// Without a search the list is the filters, a sort and a page, with its total from the tenant's
/// contact tally.
/// </summary>
public static class ContactSearch
{
    /// <summary>A search lists at most this many matches and says "1,000+" beyond.</summary>
    public const int MaxSearchResults = RecordSearch.MaxResults;

    /// <summary>A filtered list counts up to this many and says "10,000+" beyond, instead of counting every row each time.</summary>
    public const int MaxCounted = 10_000;

    /// <summary>The ids of the best matches of the search and filters, best first, one past the cap when there are more.</summary>
    public static Task<List<Guid>> FindAsync(CrmDbContext db, ContactQuery query, CancellationToken ct) =>
        Matches(db, query).OrderBy(m => m.Place).Select(m => m.RecordId).ToListAsync(ct);

    private static IQueryable<SearchMatch> Matches(CrmDbContext db, ContactQuery query) =>
        RecordSearch.Matches(db, SearchText.From(query.Search)!, SearchKind.Contact, MaxSearchResults + 1, query.OwnerId, query.CompanyId, query.TagId);

    /// <summary>
    /// One page of the search's matches in its own order (best first) and how many there are, in one
    /// statement: the search runs once, and only the page's rows are read. Hand-written because the
    /// total is a window count over the function's result, which LINQ cannot express.
    /// </summary>
    public static async Task<(List<ContactRow> Rows, int Found)> FindPageAsync(CrmDbContext db, ContactQuery query, CancellationToken ct)
    {
        var tenantId = db.ActingFor.TenantId;
        var search = SearchText.From(query.Search)!;
        var hits = await db.Database.SqlQuery<SearchHitRow>($"""
            WITH page AS (
                SELECT m.record_id AS id, m.place, m.matched_on, count(*) OVER () AS found
                FROM crm_search({search.Text}, 'contact', {MaxSearchResults + 1}, {RecordSearch.FilterParameter(query.OwnerId)}, {RecordSearch.FilterParameter(query.CompanyId)}, {RecordSearch.FilterParameter(query.TagId)}) AS m
                ORDER BY m.place OFFSET {query.Page * query.PageSize} LIMIT {query.PageSize})
            SELECT c.id AS id, c.first_name AS first_name, c.last_name AS last_name, c.email AS email, c.phone AS phone,
                   co.id AS company_id, co.name AS company_name, u.full_name AS owner_name,
                   coalesce(tags.ids, ARRAY[]::uuid[]) AS tag_ids, coalesce(tags.names, ARRAY[]::text[]) AS tag_names,
                   coalesce(tags.colors, ARRAY[]::text[]) AS tag_colors,
                   (SELECT max(a.created_at) FROM activities a
                    WHERE a.tenant_id = c.tenant_id AND a.contact_id = c.id AND a.deleted_at IS NULL) AS last_activity_at,
                   page.matched_on AS matched_on, page.found AS found
            FROM page
            JOIN contacts c ON c.id = page.id AND c.tenant_id = {tenantId} AND c.deleted_at IS NULL
            LEFT JOIN companies co ON co.tenant_id = c.tenant_id AND co.id = c.company_id AND co.deleted_at IS NULL
            LEFT JOIN users u ON u.tenant_id = c.tenant_id AND u.id = c.owner_id AND u.deleted_at IS NULL
            LEFT JOIN LATERAL (
                SELECT array_agg(t.id ORDER BY t.name) AS ids, array_agg(t.name::text ORDER BY t.name) AS names,
                       array_agg(t.color::text ORDER BY t.name) AS colors
                FROM contact_tags ct JOIN tags t ON t.tenant_id = ct.tenant_id AND t.id = ct.tag_id
                WHERE ct.tenant_id = c.tenant_id AND ct.contact_id = c.id) AS tags ON true
            ORDER BY page.place
            """).ToListAsync(ct);
        var found = hits.Count > 0 ? (int)hits[0].Found : query.Page == 0 ? 0 : await Matches(db, query).CountAsync(ct);
        return (hits.Select(h => h.ToRow()).ToList(), found);
    }

    // Columns in snake_case: the model's naming convention applies to raw query results too.
    private sealed record SearchHitRow(
        Guid Id, string? FirstName, string? LastName, string? Email, string? Phone, Guid? CompanyId, string? CompanyName, string? OwnerName,
        Guid[] TagIds, string[] TagNames, string[] TagColors, DateTimeOffset? LastActivityAt, string? MatchedOn, long Found)
    {
        public ContactRow ToRow() => new(
            Id, $"{FirstName} {LastName}".Trim(), Email, Phone, CompanyId, CompanyName, OwnerName,
            TagIds.Select((id, i) => new TagLabel(id, TagNames[i], TagColors[i])).ToList(), LastActivityAt,
            SearchMatch.Hint(SearchKind.Contact, MatchedOn));
    }

    /// <summary>How many live contacts the tenant has, kept by triggers (contact_tallies), so the unfiltered total costs one row.</summary>
    public static IQueryable<long> LiveCount(CrmDbContext db) => db.ContactTallies.Select(t => t.LiveContacts);

    /// <summary>
    /// The whole view the list pages through, unpaged: filters and sort, or a search's best
    /// <see cref="MaxSearchResults"/> matches, in their rank unless a column sort is chosen (as the list shows them).
    /// The ranked ids are read first (at most the cap), so the rows can be read in that order as a plain query.
    /// </summary>
    public static async Task<IQueryable<Contact>> ViewAsync(CrmDbContext db, ContactQuery query, CancellationToken ct)
    {
        if (SearchText.From(query.Search) is not { } search) return Sort(Filter(db, query), query, db);
        var matches = RecordSearch.Matches(db, search, SearchKind.Contact, MaxSearchResults, query.OwnerId, query.CompanyId, query.TagId);
        if (query.Sort != ContactSort.Name || query.Descending)
            return Sort(db.Contacts.Where(c => matches.Any(m => m.RecordId == c.Id)), query, db);
        var ranked = await matches.OrderBy(m => m.Place).Select(m => m.RecordId).ToArrayAsync(ct);
        return db.Contacts.Where(c => ranked.Contains(c.Id)).OrderBy(c => Array.IndexOf(ranked, c.Id));
    }

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

    /// <summary>The list's order; a column's empty values come last either way (<see cref="EmptyLast"/>), ties by id.</summary>
    public static IQueryable<Contact> Sort(IQueryable<Contact> contacts, ContactQuery query, CrmDbContext db) =>
        query.Sort switch
        {
            ContactSort.Email => EmptyLast.Order(contacts, c => c.Email, query.Descending).ThenBy(c => c.Id),
            ContactSort.Company => EmptyLast.Order(contacts, c => c.Company!.Name, query.Descending).ThenBy(c => c.Id),
            ContactSort.Owner => EmptyLast.Order(contacts, c => c.Owner!.FullName, query.Descending).ThenBy(c => c.Id),
            ContactSort.LastActivity => EmptyLast.Order(contacts, c => db.Activities.Where(a => a.ContactId == c.Id).Max(a => (DateTimeOffset?)a.CreatedAt), query.Descending).ThenBy(c => c.Id),
            // By name without the emptiness key, so the name index (last, first, id) serves the first page.
            _ when query.Descending => contacts.OrderByDescending(c => c.LastName).ThenByDescending(c => c.FirstName).ThenBy(c => c.Id),
            _ => contacts.OrderBy(c => c.LastName).ThenBy(c => c.FirstName).ThenBy(c => c.Id),
        };

    public static IQueryable<ContactRow> Project(IQueryable<Contact> contacts, CrmDbContext db) =>
        contacts.Select(c => new ContactRow(
            c.Id, (c.FirstName + " " + c.LastName).Trim(), c.Email, c.Phone, c.CompanyId, c.Company!.Name, c.Owner!.FullName,
            c.Tags.Select(t => new TagLabel(t.TagId, t.Tag!.Name, t.Tag.Color)).ToList(),
            db.Activities.Where(a => a.ContactId == c.Id).Max(a => (DateTimeOffset?)a.CreatedAt)));
}

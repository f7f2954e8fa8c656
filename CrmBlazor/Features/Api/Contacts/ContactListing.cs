using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Contacts;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Api.Contacts;

/// <summary>
/// The API's reads of contacts: keyset pages in a stable order (creation or last change, then id), with
/// the list's filters, and the app's own search (ranked, so its pages are counted, not keyed).
/// </summary>
public sealed class ContactListing(IDbContextFactory<CrmDbContext> dbFactory)
{
    public sealed record Filters(string? Search, Guid? TagId, Guid? OwnerId, Guid? CompanyId, DateTimeOffset? UpdatedSince);

    public async Task<ApiPage<ContactResource>> PageAsync(Filters filters, RecordOrder order, ApiCursor cursor, int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = new ContactQuery { Search = filters.Search, TagId = filters.TagId, OwnerId = filters.OwnerId, CompanyId = filters.CompanyId };
        if (query.HasSearch)
        {
            var ranked = await ContactSearch.FindAsync(db, query, ct);
            var ids = ranked.Skip(cursor.Skip).Take(limit).ToList();
            var found = (await Project(db.Contacts.Where(c => ids.Contains(c.Id))).ToListAsync(ct)).ToDictionary(c => c.Id);
            var inOrder = ids.Where(found.ContainsKey).Select(id => found[id]).ToList();
            var searchedTo = cursor.Skip + ids.Count;
            return new(inOrder, searchedTo < Math.Min(ranked.Count, ContactSearch.MaxSearchResults) ? ApiCursor.AfterMatches(searchedTo) : null);
        }

        var contacts = ContactSearch.Filter(db, query);
        if (filters.UpdatedSince is { } since) contacts = contacts.Where(c => c.UpdatedAt >= since);
        return await RecordKeyset.PageAsync(contacts, order, cursor, limit, Project, c => (c.CreatedAt, c.UpdatedAt, c.Id), ct);
    }

    public async Task<ContactResource?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Project(db.Contacts.Where(c => c.Id == id)).SingleOrDefaultAsync(ct);
    }

    /// <summary>The contacts with these ids in the order given, as a bulk create answers; every id must be a live contact's.</summary>
    public async Task<IReadOnlyList<ContactResource>> GetManyAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = (await Project(db.Contacts.Where(c => ids.Contains(c.Id))).ToListAsync(ct)).ToDictionary(c => c.Id);
        return [.. ids.Select(id => found[id])];
    }

    private static IQueryable<ContactResource> Project(IQueryable<Contact> contacts) =>
        contacts.Select(c => new ContactResource(c.Id, c.FirstName, c.LastName, c.Email, c.Phone, c.JobTitle, c.Notes,
            c.CompanyId, c.OwnerId, c.Tags.OrderBy(t => t.TagId).Select(t => t.TagId).ToList(), c.CreatedAt, c.UpdatedAt, c.Version));
}

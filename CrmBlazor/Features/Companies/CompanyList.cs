using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Search;
using CrmBlazor.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Companies;

/// <summary>The company list's search, filter, sort and page, composed so PostgreSQL does all of it; the list's export reads <see cref="ViewAsync"/>.</summary>
public static class CompanyList
{
    public static async Task<CompanyListResult> ReadAsync(CrmDbContext db, CompanyQuery query, CancellationToken ct)
    {
        var size = ListPaging.Size(query.PageSize);
        query = query with { Page = ListPaging.Page(query.Page, size) };
        var companies = Filter(db.Companies, query);
        if (SearchText.From(query.Search) is not { } search)
            return new(await PageAsync(db, await ViewAsync(db, query, ct), Math.Max(query.Page, 0) * size, size, null, ct), await companies.CountAsync(ct));

        // The best matches, at most one past the cap; sorted by rank unless a column sort is chosen.
        var matches = await RecordSearch.Matches(db, search, SearchKind.Company, RecordSearch.MaxResults + 1)
            .Where(m => companies.Any(c => c.Id == m.RecordId))
            .OrderBy(m => m.Place).ToListAsync(ct);
        var capped = matches.Count > RecordSearch.MaxResults;
        matches = matches.Take(RecordSearch.MaxResults).ToList();
        var ids = matches.Select(m => m.RecordId).ToList();
        var hints = matches.ToDictionary(m => m.RecordId, m => SearchMatch.Hint(SearchKind.Company, m.MatchedOn));
        var found = db.Companies.Where(c => ids.Contains(c.Id));
        List<CompanyListItem> items;
        if (query.SortBy == CompanySort.Name && !query.Descending)
        {
            var pageIds = ids.Skip(Math.Max(query.Page, 0) * size).Take(size).ToList();
            items = (await PageAsync(db, found.Where(c => pageIds.Contains(c.Id)), 0, size, hints, ct))
                .OrderBy(i => pageIds.IndexOf(i.Id)).ToList();
        }
        else
            items = await PageAsync(db, Sort(db, found, query), Math.Max(query.Page, 0) * size, size, hints, ct);
        return new(items, ids.Count, capped);
    }

    /// <summary>
    /// The whole view the list pages through, unpaged: the role filter, a search's best
    /// <see cref="RecordSearch.MaxResults"/> matches (in their rank unless a column sort is chosen) and the sort.
    /// The ranked ids are read first (at most the cap), so the rows can be read in that order as a plain query.
    /// </summary>
    public static async Task<IQueryable<Company>> ViewAsync(CrmDbContext db, CompanyQuery query, CancellationToken ct)
    {
        var companies = Filter(db.Companies, query);
        if (SearchText.From(query.Search) is not { } search) return Sort(db, companies, query);
        var matches = RecordSearch.Matches(db, search, SearchKind.Company, RecordSearch.MaxResults);
        if (query.SortBy != CompanySort.Name || query.Descending)
            return Sort(db, companies.Where(c => matches.Any(m => m.RecordId == c.Id)), query);
        var ranked = await matches.Where(m => companies.Any(c => c.Id == m.RecordId)).OrderBy(m => m.Place).Select(m => m.RecordId).ToArrayAsync(ct);
        return db.Companies.Where(c => ranked.Contains(c.Id)).OrderBy(c => Array.IndexOf(ranked, c.Id));
    }

    private static async Task<List<CompanyListItem>> PageAsync(CrmDbContext db, IQueryable<Company> companies, int skip, int size,
        IReadOnlyDictionary<Guid, string?>? hints, CancellationToken ct)
    {
        var items = await companies.Skip(skip).Take(size)
            .Select(c => new CompanyListItem(c.Id, c.Name, c.Domain, c.Industry, c.City, c.Country, c.Owner!.FullName,
                c.Roles.Select(r => r.Role).ToList(),
                db.Contacts.Count(x => x.CompanyId == c.Id), null))
            .ToListAsync(ct);
        return items.Select(i => i with { Roles = CompanyRoleNames.InOrder(i.Roles), MatchHint = hints?.GetValueOrDefault(i.Id) }).ToList();
    }

    private static IQueryable<Company> Filter(IQueryable<Company> companies, CompanyQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.Role)) companies = companies.Where(c => c.Roles.Any(r => r.Role == query.Role));
        if (query.OwnerId is { } ownerId) companies = companies.Where(c => c.OwnerId == ownerId);
        return companies;
    }

    private static IQueryable<Company> Sort(CrmDbContext db, IQueryable<Company> companies, CompanyQuery query)
    {
        var sorted = query.SortBy switch
        {
            CompanySort.Domain => EmptyLast.Order(companies, c => c.Domain, query.Descending),
            CompanySort.Industry => EmptyLast.Order(companies, c => c.Industry, query.Descending),
            CompanySort.City => EmptyLast.Order(companies, c => c.City, query.Descending),
            CompanySort.OwnerName => EmptyLast.Order(companies, c => c.Owner!.FullName, query.Descending),
            CompanySort.ContactCount => Order(companies, c => db.Contacts.Count(x => x.CompanyId == c.Id), query.Descending),
            _ => Order(companies, c => c.Name, query.Descending),
        };
        // Empty values last either way; ties broken by name, then id, so a page never repeats or skips a row.
        return sorted.ThenBy(c => c.Name).ThenBy(c => c.Id);
    }

    private static IOrderedQueryable<Company> Order<TKey>(IQueryable<Company> companies,
        System.Linq.Expressions.Expression<Func<Company, TKey>> key, bool descending) =>
        descending ? companies.OrderByDescending(key) : companies.OrderBy(key);
}

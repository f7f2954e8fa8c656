using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Companies;

/// <summary>The company list's search, filter, sort and page, composed so PostgreSQL does all of it.</summary>
internal static class CompanyList
{
    public const int MaxPageSize = 100;

    public static async Task<CompanyListResult> ReadAsync(CrmDbContext db, CompanyQuery query, CancellationToken ct)
    {
        var companies = Filter(db.Companies, query);
        var total = await companies.CountAsync(ct);
        var size = Math.Clamp(query.PageSize, 1, MaxPageSize);
        var items = await Sort(db, companies, query)
            .Skip(Math.Max(query.Page, 0) * size).Take(size)
            .Select(c => new CompanyListItem(c.Id, c.Name, c.Domain, c.Industry, c.City, c.Country, c.Owner!.FullName,
                c.Roles.Select(r => r.Role).ToList(),
                db.Contacts.Count(x => x.CompanyId == c.Id)))
            .ToListAsync(ct);
        return new(items.Select(i => i with { Roles = CompanyRoleNames.InOrder(i.Roles) }).ToList(), total);
    }

    private static IQueryable<Company> Filter(IQueryable<Company> companies, CompanyQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.Search))
            companies = LookupService.NameContains(companies, query.Search);
        if (!string.IsNullOrWhiteSpace(query.Role))
            companies = companies.Where(c => c.Roles.Any(r => r.Role == query.Role));
        return companies;
    }

    private static IQueryable<Company> Sort(CrmDbContext db, IQueryable<Company> companies, CompanyQuery query)
    {
        var sorted = query.SortBy switch
        {
            CompanySort.Domain => Order(companies, c => c.Domain, query.Descending),
            CompanySort.Industry => Order(companies, c => c.Industry, query.Descending),
            CompanySort.City => Order(companies, c => c.City, query.Descending),
            CompanySort.OwnerName => Order(companies, c => c.Owner!.FullName, query.Descending),
            CompanySort.ContactCount => Order(companies, c => db.Contacts.Count(x => x.CompanyId == c.Id), query.Descending),
            _ => Order(companies, c => c.Name, query.Descending),
        };
        // Ties broken by name, then id, so a page never repeats or skips a row.
        return sorted.ThenBy(c => c.Name).ThenBy(c => c.Id);
    }

    private static IOrderedQueryable<Company> Order<TKey>(IQueryable<Company> companies,
        System.Linq.Expressions.Expression<Func<Company, TKey>> key, bool descending) =>
        descending ? companies.OrderByDescending(key) : companies.OrderBy(key);
}

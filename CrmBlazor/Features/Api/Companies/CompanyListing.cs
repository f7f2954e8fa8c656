using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Companies;
using CrmBlazor.Features.Search;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Api.Companies;

/// <summary>
/// The API's reads of companies: keyset pages in a stable order with the list's filters (role, owner), or
/// the app's own search (ranked, so its pages are counted, not keyed).
/// </summary>
public sealed class CompanyListing(IDbContextFactory<CrmDbContext> dbFactory)
{
    public sealed record Filters(string? Search, string? Role, Guid? OwnerId, DateTimeOffset? UpdatedSince);

    public async Task<ApiPage<CompanyResource>> PageAsync(Filters filters, RecordOrder order, ApiCursor cursor, int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var companies = db.Companies.AsQueryable();
        if (filters.Role is { } role) companies = companies.Where(c => c.Roles.Any(r => r.Role == role));
        if (filters.OwnerId is { } ownerId) companies = companies.Where(c => c.OwnerId == ownerId);
        if (filters.UpdatedSince is { } since) companies = companies.Where(c => c.UpdatedAt >= since);

        if (SearchText.From(filters.Search) is { } search)
        {
            var ids = await RecordSearch.Matches(db, search, SearchKind.Company, RecordSearch.MaxResults)
                .Where(m => companies.Any(c => c.Id == m.RecordId))
                .OrderBy(m => m.Place).Select(m => m.RecordId).Skip(cursor.Skip).Take(limit + 1).ToListAsync(ct);
            var more = ids.Count > limit;
            ids = ids.Take(limit).ToList();
            var found = (await ReadAsync(db.Companies.Where(c => ids.Contains(c.Id)), ct)).ToDictionary(c => c.Id);
            return new([.. ids.Where(found.ContainsKey).Select(id => found[id])], more ? ApiCursor.AfterMatches(cursor.Skip + ids.Count) : null);
        }

        var page = await RecordKeyset.PageAsync(companies, order, cursor, limit, Project, c => (c.CreatedAt, c.UpdatedAt, c.Id), ct);
        return page with { Data = [.. page.Data.Select(InRoleOrder)] };
    }

    public async Task<CompanyResource?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await ReadAsync(db.Companies.Where(c => c.Id == id), ct)).SingleOrDefault();
    }

    /// <summary>The companies with these ids in the order given, as a bulk create answers; every id must be a live company's.</summary>
    public async Task<IReadOnlyList<CompanyResource>> GetManyAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = (await ReadAsync(db.Companies.Where(c => ids.Contains(c.Id)), ct)).ToDictionary(c => c.Id);
        return [.. ids.Select(id => found[id])];
    }

    private static async Task<List<CompanyResource>> ReadAsync(IQueryable<Company> companies, CancellationToken ct) =>
        [.. (await Project(companies).ToListAsync(ct)).Select(InRoleOrder)];

    private static IQueryable<CompanyResource> Project(IQueryable<Company> companies) =>
        companies.Select(c => new CompanyResource(c.Id, c.Name, c.Domain, c.Website, c.Industry, c.Phone, c.AddressLine, c.City,
            c.Region, c.PostalCode, c.Country, c.OwnerId, c.Roles.Select(r => r.Role).ToList(), c.CreatedAt, c.UpdatedAt, c.Version));

    /// <summary>Roles in the order the app lists them everywhere.</summary>
    private static CompanyResource InRoleOrder(CompanyResource company) => company with { Roles = CompanyRoleNames.InOrder(company.Roles) };
}

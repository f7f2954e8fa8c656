using CrmBlazor.Data;
using CrmBlazor.Features.Search;
using CrmBlazor.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Activities;

/// <summary>
/// What the activity dialog's Contact, Company and Deal pickers offer: records matching the typed text
/// by the search's rules, best first; with nothing typed, the first by name.
/// </summary>
public sealed class ActivityLinkFinder(IDbContextFactory<CrmDbContext> dbFactory)
{
    public Task<IEnumerable<Choice>> FindContactsAsync(string? text, CancellationToken ct = default) =>
        FindAsync(text, SearchKind.Contact, db => db.Contacts.Select(c => new Named { Id = c.Id, Name = ((c.FirstName ?? "") + " " + (c.LastName ?? "")).Trim() }), ct);

    public Task<IEnumerable<Choice>> FindCompaniesAsync(string? text, CancellationToken ct = default) =>
        FindAsync(text, SearchKind.Company, db => db.Companies.Select(c => new Named { Id = c.Id, Name = c.Name }), ct);

    public Task<IEnumerable<Choice>> FindDealsAsync(string? text, CancellationToken ct = default) =>
        FindAsync(text, SearchKind.Deal, db => db.Deals.Select(d => new Named { Id = d.Id, Name = d.Title }), ct);

    private async Task<IEnumerable<Choice>> FindAsync(string? text, SearchKind kind, Func<CrmDbContext, IQueryable<Named>> records, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var named = records(db);
        var rows = SearchText.From(text) is { } search
            ? from m in RecordSearch.Matches(db, search, kind, LookupService.Matches)
              join r in named on m.RecordId equals r.Id
              orderby m.Place
              select r
            : named.OrderBy(r => r.Name).Take(LookupService.Matches);
        return (await rows.ToListAsync(ct)).Select(r => new Choice(r.Id, r.Name)).ToList();
    }

    /// <summary>A record's id and name, in a shape EF can still join and sort on (a positional record it cannot).</summary>
    private sealed class Named
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
    }
}

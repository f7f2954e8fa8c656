using CrmBlazor.Data;
using CrmBlazor.Features.Search;
using CrmBlazor.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Activities;

/// <summary>
/// What the activity dialog's Contact, Company and Deal pickers offer: records matching the typed text
/// by the search's rules, best first (companies as <see cref="LookupService"/> finds them everywhere).
/// </summary>
public sealed class ActivityLinkFinder(IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task<IEnumerable<Choice>> FindContactsAsync(string? text, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = SearchText.From(text) is { } search
            ? from m in RecordSearch.Matches(db, search, SearchKind.Contact, LookupService.Matches)
              join c in db.Contacts on m.RecordId equals c.Id
              orderby m.Place
              select new { c.Id, c.FirstName, c.LastName }
            : db.Contacts.OrderBy(c => c.LastName).ThenBy(c => c.FirstName).Take(LookupService.Matches).Select(c => new { c.Id, c.FirstName, c.LastName });
        return (await rows.ToListAsync(ct)).Select(c => new Choice(c.Id, $"{c.FirstName} {c.LastName}".Trim())).ToList();
    }

    public async Task<IEnumerable<Choice>> FindCompaniesAsync(string? text, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LookupService.Companies(db, text).ToListAsync(ct);
    }

    public async Task<IEnumerable<Choice>> FindDealsAsync(string? text, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = SearchText.From(text) is { } search
            ? from m in RecordSearch.Matches(db, search, SearchKind.Deal, LookupService.Matches)
              join d in db.Deals on m.RecordId equals d.Id
              orderby m.Place
              select new Choice(d.Id, d.Title)
            : db.Deals.OrderBy(d => d.Title).Take(LookupService.Matches).Select(d => new Choice(d.Id, d.Title));
        return await rows.ToListAsync(ct);
    }
}

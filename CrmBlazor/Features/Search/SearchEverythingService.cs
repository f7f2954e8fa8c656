using CrmBlazor.Data;
using CrmBlazor.Features.Contacts;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Search;

/// <summary>
/// The search-everything box's query: the best few contacts, companies and deals for what was typed,
/// by the same rules and ranking as the lists (<see cref="RecordSearch"/>), with what each result shows.
/// </summary>
public sealed class SearchEverythingService(IDbContextFactory<CrmDbContext> dbFactory)
{
    /// <summary>How many results of each kind the box lists: a glance, not a list; the lists page through the rest.</summary>
    public const int PerKind = 5;

    // Each kind is searched as its list searches it (up to the list's cap) and cut to the first few,
    // so the box's first five are the list's first five: with fewer rows asked for, a broad search
    // would choose its few by recency before ranking them.

    public async Task<SearchEverythingResult> SearchAsync(string? typed, CancellationToken ct = default)
    {
        if (SearchText.From(typed) is not { } text) return SearchEverythingResult.Nothing;
        await using var db = await dbFactory.CreateDbContextAsync(ct);

        var contacts = await (
            from m in RecordSearch.Matches(db, text, SearchKind.Contact, RecordSearch.MaxResults + 1)
            where m.Place <= PerKind
            join c in db.Contacts on m.RecordId equals c.Id
            orderby m.Place
            select new { c.Id, c.FirstName, c.LastName, CompanyName = c.Company!.Name, c.Email, m.MatchedOn }).ToListAsync(ct);
        var companies = await (
            from m in RecordSearch.Matches(db, text, SearchKind.Company, RecordSearch.MaxResults + 1)
            where m.Place <= PerKind
            join c in db.Companies on m.RecordId equals c.Id
            orderby m.Place
            select new { c.Id, c.Name, c.Domain, m.MatchedOn }).ToListAsync(ct);
        var deals = await (
            from m in RecordSearch.Matches(db, text, SearchKind.Deal, RecordSearch.MaxResults + 1)
            where m.Place <= PerKind
            join d in db.Deals on m.RecordId equals d.Id
            orderby m.Place
            select new { d.Id, d.Title, CompanyName = d.Company!.Name, StageName = d.Stage!.Name, m.MatchedOn }).ToListAsync(ct);

        IEnumerable<SearchHit> hits =
        [
            .. contacts.Select(c => new SearchHit(SearchKind.Contact, c.Id, ContactNames.Display(c.FirstName, c.LastName),
                Join(c.CompanyName, c.Email), SearchMatch.Hint(SearchKind.Contact, c.MatchedOn))),
            .. companies.Select(c => new SearchHit(SearchKind.Company, c.Id, c.Name, c.Domain,
                SearchMatch.Hint(SearchKind.Company, c.MatchedOn))),
            .. deals.Select(d => new SearchHit(SearchKind.Deal, d.Id, d.Title, Join(d.CompanyName, d.StageName),
                SearchMatch.Hint(SearchKind.Deal, d.MatchedOn))),
        ];
        return new(hits.ToList(), text.WasCut);
    }

    private static string? Join(params string?[] parts)
    {
        var shown = parts.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        return shown.Count == 0 ? null : string.Join(" · ", shown);
    }
}

/// <summary>
/// What the box shows for a search: the results in the order the arrow keys walk them (contacts, then
/// companies, then deals, each best first), and whether only the first 200 characters were searched.
/// </summary>
public sealed record SearchEverythingResult(IReadOnlyList<SearchHit> Hits, bool WasCut)
{
    /// <summary>Nothing was searched: the box is empty or white space.</summary>
    public static readonly SearchEverythingResult Nothing = new([], false);

    public IEnumerable<IGrouping<SearchKind, SearchHit>> ByKind => Hits.GroupBy(h => h.Kind);
}

/// <summary>One result: the record, its name and a line that tells it apart (company and email, domain, company and stage).</summary>
public sealed record SearchHit(SearchKind Kind, Guid Id, string Name, string? Detail, string? Hint)
{
    public string Url => Kind switch
    {
        SearchKind.Contact => $"/contacts/{Id}",
        SearchKind.Company => $"/companies/{Id}",
        _ => $"/deals/{Id}",
    };
}

using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Search;

namespace CrmBlazor.Features.Board;

/// <summary>
/// The deals the board and the list show for a filter, and the list's sort: one query builder for
/// the board, the list view and the list's export, so all three always agree.
/// </summary>
public static class DealViews
{
    /// <summary>The whole list view, unpaged: the pipeline's deals under the filter, in the list's order.</summary>
    public static IQueryable<Deal> View(CrmDbContext db, DealListQuery query, Guid? me) =>
        Sort(Filter(db, db.Deals.Where(d => d.PipelineId == query.PipelineId), query.Filter, me), query.Sort, query.Descending);

    /// <summary><paramref name="me"/> is the acting user, whose deals "Mine" means.</summary>
    public static IQueryable<Deal> Filter(CrmDbContext db, IQueryable<Deal> deals, BoardFilter filter, Guid? me)
    {
        if (filter.Owner.Mine)
            // Nobody signed in owns nothing; comparing with a null id would show the unowned deals instead.
            deals = me is { } userId ? deals.Where(d => d.OwnerId == userId) : deals.Where(d => false);
        else if (filter.Owner.UserId is { } owner)
            deals = deals.Where(d => d.OwnerId == owner);
        if (filter.TagId is { } tag)
            deals = deals.Where(d => d.Tags.Any(t => t.TagId == tag));
        // The search's rules (title and company, typos, accents), among its best 1,000 deals.
        if (SearchText.From(filter.Search) is { } search)
        {
            var matches = RecordSearch.Matches(db, search, SearchKind.Deal, RecordSearch.MaxResults);
            deals = deals.Where(d => matches.Any(m => m.RecordId == d.Id));
        }
        if (filter.CloseFrom is { } from)
            deals = deals.Where(d => d.ExpectedCloseDate >= from);
        if (filter.CloseTo is { } to)
            deals = deals.Where(d => d.ExpectedCloseDate <= to);
        return deals;
    }

    public static IQueryable<Deal> Sort(IQueryable<Deal> deals, DealListSort sort, bool descending)
    {
        var sorted = (sort, descending) switch
        {
            (DealListSort.Title, false) => deals.OrderBy(d => d.Title),
            (DealListSort.Title, true) => deals.OrderByDescending(d => d.Title),
            (DealListSort.Company, false) => deals.OrderBy(d => d.Company!.Name),
            (DealListSort.Company, true) => deals.OrderByDescending(d => d.Company!.Name),
            (DealListSort.Value, false) => deals.OrderBy(d => d.Value),
            (DealListSort.Value, true) => deals.OrderByDescending(d => d.Value),
            (DealListSort.Owner, false) => deals.OrderBy(d => d.Owner!.FullName),
            (DealListSort.Owner, true) => deals.OrderByDescending(d => d.Owner!.FullName),
            (DealListSort.ExpectedClose, false) => deals.OrderBy(d => d.ExpectedCloseDate),
            (DealListSort.ExpectedClose, true) => deals.OrderByDescending(d => d.ExpectedCloseDate),
            (_, false) => deals.OrderBy(d => d.Stage!.Position).ThenBy(d => d.Rank),
            (_, true) => deals.OrderByDescending(d => d.Stage!.Position).ThenBy(d => d.Rank),
        };
        // A total order, so a deal never shows on two pages or on none.
        return sorted.ThenBy(d => d.Id);
    }
}

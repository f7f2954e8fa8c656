using System.Linq.Expressions;
using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Deals;
using CrmBlazor.Features.Search;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Api.Deals;

/// <summary>
/// The API's reads of deals: keyset pages with the list's filters, or the app's own search (ranked, so
/// its pages are counted, not keyed), and one deal with its stage history.
/// </summary>
public sealed class DealListing(IDbContextFactory<CrmDbContext> dbFactory, DealHistoryService history)
{
    public sealed record Filters(
        string? Search, Guid? PipelineId, Guid? StageId, Guid? OwnerId, Guid? CompanyId, Guid? ContactId, DealStatus? Status,
        DateTimeOffset? UpdatedSince);

    public async Task<ApiPage<DealResource>> PageAsync(Filters filters, RecordOrder order, ApiCursor cursor, int limit, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deals = Filter(db.Deals, filters);
        if (SearchText.From(filters.Search) is not { } search)
            return await RecordKeyset.PageAsync(deals, order, cursor, limit, rows => rows.Select(Project), d => (d.CreatedAt, d.UpdatedAt, d.Id), ct);

        // The search's rules and ranking (title and company, typos, accents) among its best matches, the filters on top.
        var ranked = await (
                from match in RecordSearch.Matches(db, search, SearchKind.Deal, RecordSearch.MaxResults)
                join deal in deals on match.RecordId equals deal.Id
                orderby match.Place
                select deal.Id)
            .Skip(cursor.Skip).Take(limit + 1).ToListAsync(ct);
        var ids = ranked.Take(limit).ToList();
        var found = await deals.Where(d => ids.Contains(d.Id)).Select(Project).ToDictionaryAsync(d => d.Id, ct);
        return new(ids.Where(found.ContainsKey).Select(id => found[id]).ToList(),
            ranked.Count > limit ? ApiCursor.AfterMatches(cursor.Skip + limit) : null);
    }

    public async Task<DealResource?> GetAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Deals.Where(d => d.Id == id).Select(Project).SingleOrDefaultAsync(ct);
    }

    /// <summary>The deals with these ids, in the order given (a bulk create's answer).</summary>
    public async Task<IReadOnlyList<DealResource>> GetManyAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.Deals.Where(d => ids.Contains(d.Id)).Select(Project).ToDictionaryAsync(d => d.Id, ct);
        return ids.Where(found.ContainsKey).Select(id => found[id]).ToList();
    }

    /// <summary>Whether the stage is one of the pipeline's (another tenant's stage is no stage here).</summary>
    public async Task<bool> IsStageOfAsync(Guid pipelineId, Guid stageId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PipelineStages.AnyAsync(s => s.Id == stageId && s.PipelineId == pipelineId, ct);
    }

    /// <summary>The stages the deal entered, the latest first, from the audit trail the board's moves leave; null when there is no such deal.</summary>
    public async Task<IReadOnlyList<DealStageEntry>?> StageHistoryAsync(Guid id, CancellationToken ct)
    {
        if (await GetAsync(id, ct) is null) return null;
        return (await history.StageChangesAsync(id, ct)).Select(c => new DealStageEntry(c.At, c.From, c.To, c.Who)).ToList();
    }

    private static IQueryable<Deal> Filter(IQueryable<Deal> deals, Filters filters)
    {
        if (filters.PipelineId is { } pipeline) deals = deals.Where(d => d.PipelineId == pipeline);
        if (filters.StageId is { } stage) deals = deals.Where(d => d.StageId == stage);
        if (filters.OwnerId is { } owner) deals = deals.Where(d => d.OwnerId == owner);
        if (filters.CompanyId is { } company) deals = deals.Where(d => d.CompanyId == company);
        if (filters.ContactId is { } contact) deals = deals.Where(d => d.ContactId == contact);
        if (filters.Status is { } status)
        {
            var kind = status.ToString().ToLowerInvariant();
            deals = deals.Where(d => d.Stage!.Kind == kind);
        }
        if (filters.UpdatedSince is { } since) deals = deals.Where(d => d.UpdatedAt >= since);
        return deals;
    }

    private static readonly Expression<Func<Deal, DealResource>> Project = d => new DealResource(
        d.Id, d.Title, d.PipelineId, d.Pipeline!.Name, d.StageId, d.Stage!.Name, d.Stage.Kind, d.Value, d.Currency, d.Probability,
        d.ExpectedCloseDate, d.ClosedAt, d.LostReason, d.LostReasonId, d.CompanyId, d.ContactId, d.OwnerId,
        d.Tags.OrderBy(t => t.TagId).Select(t => t.TagId).ToList(), d.CreatedAt, d.UpdatedAt, d.Version);
}

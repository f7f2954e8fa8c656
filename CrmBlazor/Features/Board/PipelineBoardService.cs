using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Board;

/// <summary>
/// Reads the board and the list view of a pipeline for the acting tenant. Counts and sums are grouped
/// in PostgreSQL; cards come a column at a time, <see cref="ColumnSize"/> by rank, so a stage of
/// thousands costs the same as one of fifty. Each method uses its own DbContext (circuit-safe).
/// </summary>
public sealed class PipelineBoardService(IDbContextFactory<CrmDbContext> dbFactory, ITenantContext tenant, IPipelineChangeFeed feed)
{
    public const int ColumnSize = 50;

    /// <summary>Whether the acting user may move deals (the move service refuses the others anyway).</summary>
    public bool CanMoveDeals => Permissions.Allows(tenant.Role, Permission.EditRecords);

    /// <summary>The tenant's pipelines, the default first.</summary>
    public async Task<IReadOnlyList<PipelineChoice>> ListPipelinesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LookupService.Pipelines(db).ToListAsync(ct);
    }

    public async Task<BoardChoices> ListChoicesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var users = await LookupService.ActiveUsers(db).ToListAsync(ct);
        var tags = await LookupService.Tags(db).ToListAsync(ct);
        return new([OwnerFilter.Anyone, OwnerFilter.Me, .. users.Select(u => new OwnerFilter(u.Name, u.Id))], tags);
    }

    /// <summary>
    /// The pipeline's stages in order with their filtered figures and first cards, or null when the
    /// pipeline is not the tenant's. <paramref name="shown"/> keeps columns that were extended by "show more" as long.
    /// </summary>
    public async Task<PipelineBoard?> GetBoardAsync(Guid pipelineId, BoardFilter filter,
        IReadOnlyDictionary<Guid, int>? shown = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deals = Filter(db, db.Deals.Where(d => d.PipelineId == pipelineId), filter);
        // Every column's first cards in one statement (a lateral read per stage, by the board index);
        // a column extended by "show more" keeps its length, so all read as far as the longest.
        var limit = Math.Max(ColumnSize, shown?.Values.DefaultIfEmpty().Max() ?? 0);
        var stages = await db.PipelineStages.Where(s => s.PipelineId == pipelineId).OrderBy(s => s.Position)
            .Select(s => new
            {
                s.Id, s.Name, s.Kind, s.Color, Pipeline = db.Pipelines.Where(p => p.Id == s.PipelineId).Select(p => p.Name).First(),
                Cards = deals.Where(d => d.StageId == s.Id).OrderBy(d => d.Rank).Take(limit + 1).Select(CardShape).ToList(),
            })
            .ToListAsync(ct);
        if (stages.Count == 0) // not the tenant's pipeline (or, in principle, one without stages)
            return await db.Pipelines.Where(p => p.Id == pipelineId).Select(p => p.Name).SingleOrDefaultAsync(ct) is { } name
                ? new PipelineBoard(pipelineId, name, []) : null;
        var sums = await deals.GroupBy(d => new { d.StageId, d.Currency })
            .Select(g => new { g.Key.StageId, g.Key.Currency, Count = g.Count(), Value = g.Sum(d => d.Value) })
            .ToListAsync(ct);

        var columns = stages.Select(stage =>
        {
            var figures = sums.Where(s => s.StageId == stage.Id).OrderBy(s => s.Currency).ToList();
            var cards = Page(stage.Cards, Math.Max(ColumnSize, shown?.GetValueOrDefault(stage.Id) ?? 0));
            return new BoardStage(stage.Id, stage.Name, stage.Kind, stage.Color, figures.Sum(s => s.Count),
                figures.Select(s => new MoneyTotal(s.Currency, s.Value)).ToList(), cards.Cards, cards.NextCardId);
        }).ToList();
        return new PipelineBoard(pipelineId, stages[0].Pipeline, columns);
    }

    /// <summary>"Show more": the column's next cards after the one ranked <paramref name="afterRank"/>.</summary>
    public async Task<StageCards> MoreCardsAsync(Guid pipelineId, Guid stageId, BoardFilter filter, string afterRank, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The rank column has collation "C", so this is the same byte order the board sorts by.
        var column = Filter(db, db.Deals.Where(d => d.PipelineId == pipelineId && d.StageId == stageId), filter)
            .Where(d => string.Compare(d.Rank, afterRank) > 0);
        return await CardsAsync(column, ColumnSize, ct);
    }

    /// <summary>One page of the list view over the same filtered deals, sorted and counted in SQL.</summary>
    public async Task<DealListPage> ListAsync(DealListQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deals = Filter(db, db.Deals.Where(d => d.PipelineId == query.PipelineId), query.Filter);
        var total = await deals.CountAsync(ct);
        var rows = await DealViews.Sort(deals, query.Sort, query.Descending).Skip(ListPaging.Skip(query.Page, query.PageSize)).Take(ListPaging.Size(query.PageSize))
            .Select(d => new DealListRow(d.Id, d.Title, d.Company!.Name, d.Stage!.Name, d.Stage.Kind, d.Value, d.Currency, d.Owner!.FullName,
                d.ExpectedCloseDate, d.LostReason)
            {
                Tags = d.Tags.OrderBy(t => t.Tag!.Name).Select(t => new TagLabel(t.TagId, t.Tag!.Name, t.Tag.Color)).ToList(),
            })
            .ToListAsync(ct);
        return new(rows, total);
    }

    /// <summary>Calls <paramref name="onChange"/> whenever the pipeline's deals change, until disposed; the board reloads then.</summary>
    public IDisposable Watch(Guid pipelineId, Func<PipelineChange, Task> onChange) =>
        feed.Subscribe(tenant.TenantId ?? throw new PermissionDeniedException("You are not signed in."), pipelineId, onChange);

    private static async Task<StageCards> CardsAsync(IQueryable<Deal> column, int limit, CancellationToken ct) =>
        Page(await column.OrderBy(d => d.Rank).Take(limit + 1).Select(CardShape).ToListAsync(ct), limit);

    /// <summary>A deal as its card shows it; one shape for the board's first read and "show more".</summary>
    private static readonly System.Linq.Expressions.Expression<Func<Deal, BoardCard>> CardShape = d =>
        new BoardCard(d.Id, d.StageId, d.Title, d.Company!.Name, d.Value, d.Currency, d.Owner!.FullName,
            d.ExpectedCloseDate, d.ClosedAt, d.LostReason, d.Rank, d.Version)
        {
            Tags = d.Tags.OrderBy(t => t.Tag!.Name).Select(t => new TagLabel(t.TagId, t.Tag!.Name, t.Tag.Color)).ToList(),
        };

    // Read one more than shown: it tells whether the column goes on, and which deal a drop at the end lands before.
    private static StageCards Page(IReadOnlyList<BoardCard> read, int limit) =>
        new(read.Take(limit).ToList(), read.Count > limit ? read[limit].Id : null);

    private IQueryable<Deal> Filter(CrmDbContext db, IQueryable<Deal> deals, BoardFilter filter) =>
        DealViews.Filter(db, deals, filter, tenant.UserId);
}

using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CrmBlazor.Features.Pipeline;

/// <summary>
/// Moves a deal on the board by rewriting that one deal: its stage and a rank strictly between its
/// new neighbours' (<see cref="DealRank"/>), checked against the version the board showed. No other
/// deal's position changes, so no move can corrupt another's. When ranks in a column grow long, the
/// column is rebalanced in a transaction of its own, under an advisory lock. Every open board of the
/// pipeline hears of a move through the <see cref="IPipelineChangeFeed"/>.
/// </summary>
public sealed class DealMoveService(
    IDbContextFactory<CrmDbContext> dbFactory, PermissionGuard guard, TimeProvider clock, IPipelineChangeFeed feed, ITenantContext tenant)
{
    public async Task<DealMoveResult> MoveAsync(DealMove move, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "deals.move", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deal = await db.Deals.SingleOrDefaultAsync(d => d.Id == move.DealId, ct);
        var stage = deal is null ? null
            : await db.PipelineStages.SingleOrDefaultAsync(s => s.Id == move.ToStageId && s.PipelineId == deal.PipelineId, ct);
        if (deal is null || stage is null)
            return DealMoveResult.Refused(DealMoveResult.ChangedMeanwhile);
        if (stage.Kind == PipelineStage.Lost && string.IsNullOrWhiteSpace(move.LostReason ?? (deal.StageId == stage.Id ? deal.LostReason : null)))
            return DealMoveResult.Refused(DealMoveResult.LostReasonNeeded);

        var after = await NeighbourRankAsync(db, move.AfterDealId, stage.Id, ct);
        var before = await NeighbourRankAsync(db, move.BeforeDealId, stage.Id, ct);
        if (after is null && before is null)
        {
            // No neighbour named (e.g. moved by keyboard to another stage): the bottom of the column.
            var last = await db.Deals.Where(d => d.StageId == stage.Id && d.Id != deal.Id)
                .OrderByDescending(d => d.Rank).Select(d => d.Rank).FirstOrDefaultAsync(ct);
            after = last is null ? null : new Neighbour(true, last);
        }
        if (after is { Found: false } || before is { Found: false }
            || after?.Rank is { } a && before?.Rank is { } b && string.CompareOrdinal(a, b) >= 0)
            return DealMoveResult.Refused(DealMoveResult.ChangedMeanwhile);

        db.Entry(deal).Property(d => d.Version).OriginalValue = move.Version;
        deal.StageId = stage.Id;
        deal.Rank = DealRank.Between(after?.Rank, before?.Rank);
        deal.Probability = stage.Probability;
        deal.ClosedAt = stage.Kind == PipelineStage.Open ? null : deal.ClosedAt ?? clock.GetUtcNow();
        deal.LostReason = stage.Kind == PipelineStage.Lost ? move.LostReason?.Trim() ?? deal.LostReason : null;
        int written;
        try
        {
            written = await db.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (ex is DbUpdateConcurrencyException
                                   || ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A stale board, or another move took the same gap a moment earlier: nothing was written.
            return DealMoveResult.Refused(DealMoveResult.ChangedMeanwhile);
        }

        if (deal.Rank.Length > DealRank.RebalanceLength)
            await RebalanceAsync(stage.Id, ct);
        // A deal dropped back where it was changed nothing that a board shows.
        if (written > 0)
            feed.Publish(new PipelineChange(deal.TenantId, deal.PipelineId, deal.Id, tenant.UserId));
        return new(true, null, deal.Rank, deal.Version) { RowsUpdated = written };
    }

    /// <summary>Re-spreads one column's ranks, in rank order, in its own transaction; rare by design.</summary>
    public async Task RebalanceAsync(Guid stageId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Serialises rebalances of this column; moves meanwhile fail their version check and retry.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({stageId.ToString()}, 0))", ct);
        var column = await db.Deals.Where(d => d.StageId == stageId).OrderBy(d => d.Rank).ToListAsync(ct);
        var ranks = DealRank.Spread(column.Count);
        // Park every rank first so the unique index never sees two deals on one rank mid-way.
        foreach (var (deal, i) in column.Select((d, i) => (d, i))) deal.Rank = "~" + ranks[i];
        await db.SaveChangesAsync(ct);
        foreach (var (deal, i) in column.Select((d, i) => (d, i))) deal.Rank = ranks[i];
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private sealed record Neighbour(bool Found, string? Rank);

    private static async Task<Neighbour?> NeighbourRankAsync(CrmDbContext db, Guid? dealId, Guid stageId, CancellationToken ct)
    {
        if (dealId is not { } id) return null;
        var rank = await db.Deals.Where(d => d.Id == id && d.StageId == stageId).Select(d => d.Rank).SingleOrDefaultAsync(ct);
        return new(rank is not null, rank);
    }
}

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
        // Everything the move depends on, read in one round trip: a move is the hottest write on a board.
        var facts = await db.Deals.Where(d => d.Id == move.DealId).Select(d => new MoveFacts(
                d.PipelineId, d.StageId, d.Rank, d.Version, d.LostReason, d.ClosedAt,
                db.PipelineStages.Where(s => s.Id == move.ToStageId && s.PipelineId == d.PipelineId)
                    .Select(s => new TargetStage(s.Kind, s.Probability)).FirstOrDefault(),
                db.Deals.Where(n => n.Id == move.AfterDealId && n.StageId == move.ToStageId).Select(n => n.Rank).FirstOrDefault(),
                db.Deals.Where(n => n.Id == move.BeforeDealId && n.StageId == move.ToStageId).Select(n => n.Rank).FirstOrDefault(),
                // The column's last rank, read only when no neighbour is named; by pipeline and stage, the board index's order.
                move.AfterDealId == null && move.BeforeDealId == null
                    ? db.Deals.Where(n => n.PipelineId == d.PipelineId && n.StageId == move.ToStageId && n.Id != d.Id).Max(n => n.Rank)
                    : null))
            .SingleOrDefaultAsync(ct);
        if (facts?.Target is not { } stage)
            return DealMoveResult.Refused(DealMoveResult.ChangedMeanwhile);
        var lostReason = StageEntry.LostReason(stage.Kind, move.LostReason?.Trim() ?? (facts.StageId == move.ToStageId ? facts.LostReason : null));
        if (stage.Kind == PipelineStage.Lost && string.IsNullOrWhiteSpace(lostReason))
            return DealMoveResult.Refused(DealMoveResult.LostReasonNeeded);

        // A named neighbour that left the column, or neighbours out of order, mean the board is stale.
        var (after, before) = (facts.AfterRank, facts.BeforeRank);
        if (move.AfterDealId is not null && after is null || move.BeforeDealId is not null && before is null
            || after is not null && before is not null && string.CompareOrdinal(after, before) >= 0)
            return DealMoveResult.Refused(DealMoveResult.ChangedMeanwhile);
        // No neighbour named (e.g. moved by keyboard to another stage): the bottom of the column.
        if (move.AfterDealId is null && move.BeforeDealId is null) after = facts.BottomRank;
        if (facts.StageId == move.ToStageId && IsBetween(facts.Rank, after, before))
            return facts.Version == move.Version ? new(true, null, facts.Rank) : DealMoveResult.Refused(DealMoveResult.ChangedMeanwhile);

        var rank = DealRank.Between(after, before);
        var closedAt = StageEntry.ClosedAt(stage.Kind, facts.ClosedAt, clock.GetUtcNow());
        int written;
        try
        {
            // One UPDATE of the one deal, only if it is still the version the board showed.
            written = await db.Deals.Where(d => d.Id == move.DealId && d.Version == move.Version).ExecuteUpdateAsync(set => set
                .SetProperty(d => d.StageId, move.ToStageId)
                .SetProperty(d => d.Rank, rank)
                .SetProperty(d => d.Probability, stage.Probability)
                .SetProperty(d => d.ClosedAt, closedAt)
                .SetProperty(d => d.LostReason, lostReason), ct);
        }
        catch (Exception ex) when ((ex as PostgresException ?? ex.InnerException as PostgresException)?.SqlState
                                   is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation)
        {
            // Another move took the same gap a moment earlier, or an admin deleted the target stage.
            written = 0;
        }
        if (written == 0)
            return DealMoveResult.Refused(DealMoveResult.ChangedMeanwhile);

        if (rank.Length > DealRank.RebalanceLength)
            await RebalanceAsync(move.ToStageId, ct);
        feed.Publish(new PipelineChange(tenant.TenantId!.Value, facts.PipelineId, move.DealId, tenant.UserId));
        return new(true, null, rank) { RowsUpdated = written };
    }

    private sealed record TargetStage(string Kind, int Probability);

    private sealed record MoveFacts(
        Guid PipelineId, Guid StageId, string Rank, uint Version, string? LostReason, DateTimeOffset? ClosedAt,
        TargetStage? Target, string? AfterRank, string? BeforeRank, string? BottomRank);

    private static bool IsBetween(string rank, string? after, string? before) =>
        (after is null || string.CompareOrdinal(after, rank) < 0) && (before is null || string.CompareOrdinal(rank, before) < 0);

    /// <summary>Re-spreads one column's ranks, in rank order, in its own transaction; rare by design.</summary>
    public async Task RebalanceAsync(Guid stageId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Serialises rebalances of this column; moves meanwhile fail their version check and retry.
        await ColumnLock.TakeAsync(db, stageId, ct);
        var column = await db.Deals.Where(d => d.StageId == stageId).OrderBy(d => d.Rank).ToListAsync(ct);
        var ranks = DealRank.Spread(column.Count);
        // Park every rank first so the unique index never sees two deals on one rank mid-way.
        foreach (var (deal, i) in column.Select((d, i) => (d, i))) deal.Rank = "~" + ranks[i];
        await db.SaveChangesAsync(ct);
        foreach (var (deal, i) in column.Select((d, i) => (d, i))) deal.Rank = ranks[i];
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }
}

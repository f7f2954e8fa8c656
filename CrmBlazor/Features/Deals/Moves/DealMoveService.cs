using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Board;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CrmBlazor.Features.Deals.Moves;

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
        // One connection for the whole move, so the tenant is set on it once: a move is the hottest
        // write on a board. Disposing the context closes it.
        await db.Database.OpenConnectionAsync(ct);
        return await MoveOnOpenConnectionAsync(db, move, ct);
    }

    private async Task<DealMoveResult> MoveOnOpenConnectionAsync(CrmDbContext db, DealMove move, CancellationToken ct)
    {
        // What the board showed, while it still holds, is all a move needs: it is then one UPDATE.
        if (move.Shown is { } shown && Plan(move, shown, move.Version).Write is { } quick)
        {
            var rows = await WriteAsync(db, move, shown, quick, ct);
            if (rows > 0) return await MovedAsync(db, move, shown, quick, rows, ct);
        }

        // Something changed since, or the board did not show it all: read it afresh, and decide from that.
        if (await ReadAsync(db, move, ct) is not var (current, version))
            return DealMoveResult.Refused(DealMoveResult.ChangedMeanwhile);
        var (write, outcome) = Plan(move, current, version);
        if (write is null) return outcome ?? DealMoveResult.Refused(DealMoveResult.ChangedMeanwhile);
        // A move to the top was planned above the column's first card as read just now, not above the card it named.
        var written = await WriteAsync(db, move.ToTop ? move with { BeforeDealId = null } : move, current, write, ct);
        return written > 0 ? await MovedAsync(db, move, current, write, written, ct) : DealMoveResult.Refused(DealMoveResult.ChangedMeanwhile);
    }

    /// <summary>
    /// After the write (which told the pipeline's boards itself): a rare rebalance of the column, which rewrites its
    /// deals' ranks and versions, so the boards hear again and reload them.
    /// </summary>
    private async Task<DealMoveResult> MovedAsync(CrmDbContext db, DealMove move, MoveAsShown shown, MoveWrite write, int rowsWritten, CancellationToken ct)
    {
        if (write.Rank.Length > DealRank.RebalanceLength)
        {
            await RebalanceAsync(move.ToStageId, ct);
            await feed.PublishAsync(db, new PipelineChange(tenant.TenantId!.Value, shown.PipelineId), ct);
        }
        return new(true, null, write.Rank) { RowsUpdated = rowsWritten };
    }

    /// <summary>
    /// What the move writes, computed from <paramref name="shown"/>; or, with nothing to write, what it comes to: refused,
    /// or already done (dropped back where it was, at <paramref name="version"/>, the deal's version as <paramref name="shown"/>).
    /// </summary>
    private (MoveWrite? Write, DealMoveResult? Outcome) Plan(DealMove move, MoveAsShown shown, uint version)
    {
        var sameStage = shown.FromStageId == move.ToStageId;
        var lostReason = StageEntry.LostReason(shown.ToStageKind, move.LostReason?.Trim() ?? (sameStage ? shown.LostReason : null));
        if (shown.ToStageKind == PipelineStage.Lost && string.IsNullOrWhiteSpace(lostReason))
            return (null, DealMoveResult.Refused(DealMoveResult.LostReasonNeeded));

        // A named neighbour that left the column, or neighbours out of order, mean the board is stale (unless the move
        // is to the top, which is read as it is).
        var (after, before) = (shown.AfterRank, shown.BeforeRank);
        if (!move.ToTop && (move.AfterDealId is not null && after is null || move.BeforeDealId is not null && before is null)
            || after is not null && before is not null && string.CompareOrdinal(after, before) >= 0)
            return (null, DealMoveResult.Refused(DealMoveResult.ChangedMeanwhile));
        if (sameStage && IsBetween(shown.FromRank, after, before))
            return (null, version == move.Version ? new(true, null, shown.FromRank) : DealMoveResult.Refused(DealMoveResult.ChangedMeanwhile));

        return (new MoveWrite(DealRank.Between(after, before), StageEntry.ClosedAt(shown.ToStageKind, shown.ClosedAt, clock.GetUtcNow()), lostReason), null);
    }

    private static bool IsBetween(string rank, string? after, string? before) =>
        (after is null || string.CompareOrdinal(after, rank) < 0) && (before is null || string.CompareOrdinal(rank, before) < 0);

    /// <summary>
    /// Everything the move depends on, as it is now, and the deal's version; in one round trip. Null
    /// when the deal is gone or the target stage is not one of its pipeline's (deleted meanwhile).
    /// </summary>
    private static async Task<(MoveAsShown Shown, uint Version)?> ReadAsync(CrmDbContext db, DealMove move, CancellationToken ct)
    {
        var facts = await db.Deals.Where(d => d.Id == move.DealId).Select(d => new MoveFacts(
                d.PipelineId, d.StageId, d.Rank, d.Version, d.LostReason, d.ClosedAt,
                db.PipelineStages.Where(s => s.Id == move.ToStageId && s.PipelineId == d.PipelineId).Select(s => s.Kind).FirstOrDefault(),
                db.Deals.Where(n => n.Id == move.AfterDealId && n.StageId == move.ToStageId).Select(n => n.Rank).FirstOrDefault(),
                db.Deals.Where(n => n.Id == move.BeforeDealId && n.StageId == move.ToStageId).Select(n => n.Rank).FirstOrDefault(),
                // The column's last rank, read only when no neighbour is named (and the move is not to the top); by pipeline
                // and stage, the board index's order.
                !move.ToTop && move.AfterDealId == null && move.BeforeDealId == null
                    ? db.Deals.Where(n => n.PipelineId == d.PipelineId && n.StageId == move.ToStageId && n.Id != d.Id).Max(n => n.Rank)
                    : null,
                // And its first, for a move to the top.
                move.ToTop
                    ? db.Deals.Where(n => n.PipelineId == d.PipelineId && n.StageId == move.ToStageId && n.Id != d.Id).Min(n => n.Rank)
                    : null))
            .SingleOrDefaultAsync(ct);
        if (facts?.TargetKind is not { } kind) return null;
        // To the top: above the column's first card now. No neighbour named: the bottom of the column.
        var (after, before) = move.ToTop ? (null, facts.TopRank)
            : move.AfterDealId is null && move.BeforeDealId is null ? (facts.BottomRank, null)
            : (facts.AfterRank, facts.BeforeRank);
        return (new MoveAsShown(facts.PipelineId, facts.StageId, facts.Rank, facts.ClosedAt, facts.LostReason, kind, after, before),
            facts.Version);
    }

    private sealed record MoveFacts(
        Guid PipelineId, Guid StageId, string Rank, uint Version, string? LostReason, DateTimeOffset? ClosedAt,
        string? TargetKind, string? AfterRank, string? BeforeRank, string? BottomRank, string? TopRank);

    /// <summary>Writes the move (<see cref="DealMoveStatement"/>); returns the rows written, 0 when something it depends on changed.</summary>
    private static async Task<int> WriteAsync(CrmDbContext db, DealMove move, MoveAsShown shown, MoveWrite write, CancellationToken ct)
    {
        try
        {
            return await DealMoveStatement.ExecuteAsync(db, move, shown, write, ct);
        }
        catch (Exception ex) when (ConstraintTable.Violation(ex)?.SqlState
                                   is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation)
        {
            // Another move took the same gap a moment earlier, or an admin deleted the target stage.
            return 0;
        }
    }

    /// <summary>Re-spreads one column's ranks, in rank order, in its own transaction; rare by design.</summary>
    internal async Task RebalanceAsync(Guid stageId, CancellationToken ct = default)
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

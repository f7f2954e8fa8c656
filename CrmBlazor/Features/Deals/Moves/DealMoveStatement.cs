using CrmBlazor.Data;
using CrmBlazor.Features.Board;
using CrmBlazor.Features.Live;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace CrmBlazor.Features.Deals.Moves;

/// <summary>What a move writes to its deal: the new rank, and what entering the stage does (<see cref="StageEntry"/>).</summary>
internal sealed record MoveWrite(string Rank, DateTimeOffset? ClosedAt, string? LostReason);

/// <summary>
/// A move's one UPDATE, of the one deal, applied only where everything it was computed from still
/// holds: the deal at the move's version, the target stage of its pipeline and of the kind shown, and
/// each named neighbour in that column at the rank shown. Hand-written rather than LINQ because a move
/// is the hottest write on a board: EF rebuilding, hashing and parameterising this statement's
/// expression tree on every call cost more CPU than PostgreSQL spends running it (./crm bench
/// pipeline). So the conditions EF's query filters would add (tenant, not deleted) are spelled out
/// here; row-level security remains the second lock, as everywhere. The written row announces the move to every
/// open board of the pipeline (RETURNING pg_notify): in the same statement, so at its commit and only when it wrote.
/// </summary>
internal static class DealMoveStatement
{
    private const string Update = """
        UPDATE deals AS d
        SET stage_id = @to, rank = @rank, closed_at = @closed_at, lost_reason = @lost_reason,
            lost_reason_id = CASE WHEN @kind <> 'lost' THEN NULL WHEN d.stage_id = @to AND @lost_reason_id IS NULL THEN d.lost_reason_id ELSE @lost_reason_id END,
            probability = (SELECT s.probability FROM pipeline_stages AS s WHERE s.tenant_id = @tenant AND s.id = @to)
        WHERE d.tenant_id = @tenant AND d.deleted_at IS NULL AND d.id = @deal AND d.xmin = @version AND d.pipeline_id = @pipeline
          AND EXISTS (SELECT FROM pipeline_stages AS s
                      WHERE s.tenant_id = @tenant AND s.id = @to AND s.pipeline_id = d.pipeline_id AND s.kind = @kind)
        """;

    private const string AfterHolds = """

          AND EXISTS (SELECT FROM deals AS n
                      WHERE n.tenant_id = @tenant AND n.deleted_at IS NULL AND n.id = @after AND n.stage_id = @to AND n.rank = @after_rank)
        """;

    private const string BeforeHolds = """

          AND EXISTS (SELECT FROM deals AS n
                      WHERE n.tenant_id = @tenant AND n.deleted_at IS NULL AND n.id = @before AND n.stage_id = @to AND n.rank = @before_rank)
        """;

    private const string Announce = """

        RETURNING pg_notify(@live_channel, @live_message)
        """;

    // One text per combination of named neighbours, so each is prepared once on a connection.
    private static readonly string[] Texts =
        [Update + Announce, Update + AfterHolds + Announce, Update + BeforeHolds + Announce, Update + AfterHolds + BeforeHolds + Announce];

    /// <summary>Writes the move; returns the rows written: 1, or 0 when something it depends on changed.</summary>
    public static Task<int> ExecuteAsync(CrmDbContext db, DealMove move, MoveAsShown shown, MoveWrite write, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(Texts[(move.AfterDealId is null ? 0 : 1) + (move.BeforeDealId is null ? 0 : 2)],
        [
            new NpgsqlParameter<Guid?>("tenant", db.ActingFor.TenantId),
            new NpgsqlParameter<Guid>("deal", move.DealId),
            new NpgsqlParameter("version", NpgsqlDbType.Xid) { Value = move.Version },
            new NpgsqlParameter<Guid>("pipeline", shown.PipelineId),
            new NpgsqlParameter<Guid>("to", move.ToStageId),
            new NpgsqlParameter<string>("kind", shown.ToStageKind),
            new NpgsqlParameter<Guid?>("after", move.AfterDealId),
            new NpgsqlParameter<string?>("after_rank", shown.AfterRank),
            new NpgsqlParameter<Guid?>("before", move.BeforeDealId),
            new NpgsqlParameter<string?>("before_rank", shown.BeforeRank),
            new NpgsqlParameter<string>("rank", write.Rank),
            new NpgsqlParameter<DateTimeOffset?>("closed_at", write.ClosedAt),
            new NpgsqlParameter<string?>("lost_reason", write.LostReason),
            new NpgsqlParameter<Guid?>("lost_reason_id", move.LostReasonId),
            new NpgsqlParameter<string>("live_channel", LiveChannel.Name),
            new NpgsqlParameter<string>("live_message", PipelineChangeFeed.Message(new(db.ActingFor.TenantId!.Value, shown.PipelineId))),
        ], ct);
}

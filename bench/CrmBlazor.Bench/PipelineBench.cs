using System.Collections.Concurrent;
using System.Diagnostics;
using CrmBlazor.Features.Pipeline;
using CrmBlazor.Tenancy;
using Npgsql;

namespace CrmBlazor.Bench;

/// <summary>
/// ./crm bench pipeline: 10,000 deals over six stages; eight movers drag deals to random places for
/// 20 s through the app's DealMoveService, then eight movers do the same for 20 s with the one
/// hand-tuned UPDATE a move needs. Afterwards the board must hold no ordering anomaly.
/// </summary>
public static class PipelineBench
{
    private const int Movers = 8;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(20);

    public static async Task RunAsync(BenchDatabase db)
    {
        var board = await PipelineData.CreateAsync(db.Owner);
        var tenant = new TenantContext();
        tenant.Set(board.TenantId, board.OwnerId, "Owner");
        var factory = db.AppContexts(tenant);
        var moves = new DealMoveService(factory, new PermissionGuard(tenant, factory), TimeProvider.System);

        var app = await RunMoversAsync(db, board, async move =>
        {
            var result = await moves.MoveAsync(move.Move);
            return result.Moved ? result.RowsUpdated : -1;
        });
        var baseline = await RunMoversAsync(db, board, move => MoveBySqlAsync(db, board, move));

        Console.WriteLine($"pipeline moves: app {app.PerSecond:F0} moves/s p50={app.Timing.Percentile(50):F1}ms p99={app.Timing.Percentile(99):F1}ms"
            + $" | sql {baseline.PerSecond:F0} moves/s p50={baseline.Timing.Percentile(50):F1}ms p99={baseline.Timing.Percentile(99):F1}ms"
            + $" | ratio={app.Timing.Percentile(99) / baseline.Timing.Percentile(99):F2} (app n={app.Moved}, refused as stale {app.Refused})");
        Console.WriteLine($"pipeline rows updated per move: {string.Join(", ", app.RowsPerMove.OrderBy(r => r.Key).Select(r => $"{r.Key} row(s) × {r.Value}"))}");
        var (shared, outside, missing) = await PipelineData.AnomaliesAsync(db.Owner, board);
        Console.WriteLine($"pipeline ordering anomalies: {shared + outside + missing} (ranks shared in a column {shared}, deals outside their pipeline's stages {outside}, deals lost {missing})");
    }

    private sealed record MoverRun(Timing Timing, int Moved, int Refused, double PerSecond, IReadOnlyDictionary<int, int> RowsPerMove);

    /// <summary>
    /// Each mover refreshes its view of a random deal and a random gap in a random column (not timed,
    /// like a board showing the latest data), then times only the move. A move returns the rows it
    /// wrote, or -1 when refused because something changed meanwhile.
    /// </summary>
    private static async Task<MoverRun> RunMoversAsync(BenchDatabase db, PipelineData.Board board, Func<PlannedMove, Task<int>> move)
    {
        var timing = new Timing("move");
        var rowsPerMove = new ConcurrentDictionary<int, int>();
        var (moved, refused) = (0, 0);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Movers).Select(async mover =>
        {
            var random = new Random(mover);
            await using var connection = await db.OpenAppAsync(board.TenantId);
            while (clock.Elapsed < Duration)
            {
                var planned = await PlanAsync(connection, board, random);
                var rows = await timing.MeasureAsync(() => move(planned));
                if (rows < 0) Interlocked.Increment(ref refused);
                else
                {
                    Interlocked.Increment(ref moved);
                    rowsPerMove.AddOrUpdate(rows, 1, (_, n) => n + 1);
                }
            }
        }));
        return new(timing, moved, refused, moved / clock.Elapsed.TotalSeconds, rowsPerMove);
    }

    /// <summary>A move as a board would ask it, with the neighbours' ranks the board showed (the hand-tuned move needs them).</summary>
    public sealed record PlannedMove(DealMove Move, string? AfterRank, string? BeforeRank, string StageKind);

    private static async Task<PlannedMove> PlanAsync(NpgsqlConnection connection, PipelineData.Board board, Random random)
    {
        var (stageId, kind) = board.Stages[random.Next(board.Stages.Count)];
        await using var command = new NpgsqlCommand("""
            with deal as (select id, xmin::text::bigint as version from deals
                          where pipeline_id = @p and deleted_at is null order by id offset @deal limit 1)
            select deal.id, deal.version, gap.id, gap.rank
            from deal left join lateral (
                select d.id, d.rank from deals d
                where d.pipeline_id = @p and d.stage_id = @s and d.deleted_at is null and d.id <> deal.id
                order by d.rank offset @gap limit 2) gap on true
            """, connection);
        command.Parameters.AddWithValue("p", board.PipelineId);
        command.Parameters.AddWithValue("s", stageId);
        command.Parameters.AddWithValue("deal", random.Next(PipelineData.Deals));
        // Within the ~1,667 deals a column starts with, so a gap always has a deal above it.
        command.Parameters.AddWithValue("gap", random.Next(1000));
        var rows = new List<(Guid Deal, uint Version, Guid? Neighbour, string? Rank)>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                rows.Add((reader.GetGuid(0), (uint)reader.GetInt64(1),
                    reader.IsDBNull(2) ? null : reader.GetGuid(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        var (after, before) = (rows.ElementAtOrDefault(0), rows.ElementAtOrDefault(1));
        var lostReason = kind == "lost" ? "Chose a competitor" : null;
        return new(new DealMove(rows[0].Deal, rows[0].Version, stageId, after.Neighbour, before.Neighbour, lostReason), after.Rank, before.Rank, kind);
    }

    /// <summary>The hand-tuned move: one UPDATE of the one deal, guarded by its version and the neighbours' ranks.</summary>
    private static async Task<int> MoveBySqlAsync(BenchDatabase db, PipelineData.Board board, PlannedMove planned)
    {
        var move = planned.Move;
        await using var connection = await db.OpenAppAsync(board.TenantId);
        await using var command = new NpgsqlCommand("""
            update deals set stage_id = @s, rank = @rank, closed_at = case when @kind = 'open' then null else coalesce(closed_at, now()) end,
                             lost_reason = case when @kind = 'lost' then @reason end,
                             probability = (select probability from pipeline_stages where id = @s)
            where id = @id and xmin = @version::text::xid
            """, connection);
        command.Parameters.AddWithValue("s", move.ToStageId);
        command.Parameters.AddWithValue("rank", DealRank.Between(planned.AfterRank, planned.BeforeRank));
        command.Parameters.AddWithValue("kind", planned.StageKind);
        command.Parameters.AddWithValue("reason", (object?)move.LostReason ?? DBNull.Value);
        command.Parameters.AddWithValue("id", move.DealId);
        command.Parameters.AddWithValue("version", (long)move.Version);
        try
        {
            var rows = await command.ExecuteNonQueryAsync();
            return rows == 0 ? -1 : rows;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return -1; // another mover took the same gap a moment earlier
        }
    }
}

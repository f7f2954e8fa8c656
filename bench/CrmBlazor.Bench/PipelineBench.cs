using System.Collections.Concurrent;
using System.Diagnostics;
using CrmBlazor.Features.Pipeline;
using CrmBlazor.Tenancy;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CrmBlazor.Bench;

/// <summary>
/// ./crm bench pipeline: 10,000 deals over six stages; eight movers drag deals to random places for
/// 20 s through the app's DealMoveService, then eight movers do the same for 20 s with the one
/// hand-tuned UPDATE a move needs. Afterwards the board must hold no ordering anomaly; last, the
/// board's first render through PipelineBoardService against one hand-tuned statement.
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
        var moves = new DealMoveService(factory, new PermissionGuard(tenant, factory), TimeProvider.System,
            new InProcessPipelineChangeFeed(NullLogger<InProcessPipelineChangeFeed>.Instance), tenant);

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

        var boards = new PipelineBoardService(factory, tenant, new InProcessPipelineChangeFeed(NullLogger<InProcessPipelineChangeFeed>.Instance));
        var (render, renderSql) = (new Timing("pipeline board first render"), new Timing("sql"));
        await boards.GetBoardAsync(board.PipelineId, new BoardFilter());
        await BoardSqlAsync(db, board);
        for (var round = 0; round < BoardRenders; round++)
            await Timing.MeasureBothAsync(round, render, () => boards.GetBoardAsync(board.PipelineId, new BoardFilter()), renderSql, () => BoardSqlAsync(db, board));
        Console.WriteLine(render.Report(renderSql));
    }

    private const int BoardRenders = 100;

    /// <summary>The board in one hand-tuned statement: each stage with its count and totals, and its first 51 cards.</summary>
    private static async Task<int> BoardSqlAsync(BenchDatabase db, PipelineData.Board board)
    {
        await using var connection = await db.OpenAppAsync(board.TenantId);
        await using var command = new NpgsqlCommand("""
            select s.id, s.name, s.kind, s.color, totals.count, totals.value, card.*
            from pipeline_stages s
            left join lateral (select count(*) as count, sum(value) as value from deals d
                               where d.pipeline_id = s.pipeline_id and d.stage_id = s.id and d.deleted_at is null) totals on true
            left join lateral (
                select d.id, d.title, co.name as company, d.value, d.currency, u.full_name, d.expected_close_date, d.closed_at,
                       d.lost_reason, d.rank, d.xmin,
                       (select array_agg(t.name order by t.name) from deal_tags dt join tags t on t.id = dt.tag_id where dt.deal_id = d.id) as tags
                from deals d left join companies co on co.id = d.company_id left join users u on u.id = d.owner_id
                where d.tenant_id = s.tenant_id and d.pipeline_id = s.pipeline_id and d.stage_id = s.id and d.deleted_at is null
                order by d.rank limit 51) card on true
            where s.pipeline_id = @p
            order by s.position, card.rank
            """, connection);
        command.Parameters.AddWithValue("p", board.PipelineId);
        return await BenchSql.ReadAllAsync(command);
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

    /// <summary>
    /// A random deal dropped right after another random deal X, i.e. between X and the next deal of X's
    /// column: two index probes, so planning takes little from the moves being measured.
    /// </summary>
    private static async Task<PlannedMove> PlanAsync(NpgsqlConnection connection, PipelineData.Board board, Random random)
    {
        while (true)
        {
            var (dealId, neighbourId) = (board.DealIds[random.Next(board.DealIds.Count)], board.DealIds[random.Next(board.DealIds.Count)]);
            await using var command = new NpgsqlCommand("""
                select (select xmin::text::bigint from deals where id = @deal), x.stage_id, s.kind, x.rank, next.id, next.rank
                from deals x
                join pipeline_stages s on s.id = x.stage_id
                left join lateral (
                    select n.id, n.rank from deals n
                    where n.tenant_id = x.tenant_id and n.pipeline_id = x.pipeline_id and n.stage_id = x.stage_id
                      and n.deleted_at is null and n.rank > x.rank
                    order by n.rank limit 1) next on true
                where x.id = @neighbour
                """, connection);
            command.Parameters.AddWithValue("deal", dealId);
            command.Parameters.AddWithValue("neighbour", neighbourId);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var nextId = reader.IsDBNull(4) ? (Guid?)null : reader.GetGuid(4);
            if (dealId == neighbourId || dealId == nextId) continue;
            var (stageId, kind) = (reader.GetGuid(1), reader.GetString(2));
            var move = new DealMove(dealId, (uint)reader.GetInt64(0), stageId, neighbourId, nextId, kind == "lost" ? "Chose a competitor" : null);
            return new(move, reader.GetString(3), nextId is null ? null : reader.GetString(5), kind);
        }
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

using System.Collections.Concurrent;
using System.Diagnostics;
using CrmBlazor.Features.Board;
using CrmBlazor.Features.Deals.Moves;
using CrmBlazor.Tenancy;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CrmBlazor.Bench;

/// <summary>
/// ./crm bench pipeline: 10,000 deals over six stages; eight movers drag deals to random places for
/// 20 s through the app's DealMoveService, and eight do the same for 20 s with the one hand-tuned
/// UPDATE a move needs: after an unmeasured warm-up of each, the two take turns in 5 s slices.
/// Afterwards the board must hold no ordering anomaly; last, the board's first render through
/// PipelineBoardService against one hand-tuned statement.
/// </summary>
public static class PipelineBench
{
    private const int Movers = 8;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(15);
    // Each side moves for Slices × Slice = 20 s, the two taking turns.
    private const int Slices = 4;
    private static readonly TimeSpan Slice = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(BenchDatabase db)
    {
        var board = await PipelineData.CreateAsync(db.Owner);
        var tenant = new TenantSnapshot(board.TenantId, board.OwnerId, "Owner");
        var factory = db.AppContexts(tenant);
        var moves = new DealMoveService(factory, new PermissionGuard(tenant, factory), TimeProvider.System,
            new PipelineChangeFeed(NullLogger<PipelineChangeFeed>.Instance), tenant);

        Func<DealMove, Task<int>> appMove = async move =>
        {
            var result = await moves.MoveAsync(move);
            return result.Moved ? result.RowsUpdated : -1;
        };
        Func<DealMove, Task<int>> sqlMove = move => MoveBySqlAsync(db, board, move);
        // Unmeasured first: the JIT takes the hot paths of both sides to their final tier (the app's
        // through EF is far longer), and the first writes into the freshly loaded table (hint bits,
        // full-page images after the load's checkpoint) fall to neither side's figures. A server
        // that has been up a minute is in this state; the figures are its steady state.
        await RunMoversAsync(db, board, appMove, WarmUp, new MoverTally(), seed: -1);
        await RunMoversAsync(db, board, sqlMove, WarmUp, new MoverTally(), seed: -1);
        // Then in turns, app-sql, sql-app, …, so neither side always runs on a table the other has
        // just churned (dead row versions, autovacuum catching up).
        var (app, baseline) = (new MoverTally(), new MoverTally());
        for (var slice = 0; slice < Slices; slice++)
        {
            var turns = slice % 2 == 0 ? new[] { (appMove, app), (sqlMove, baseline) } : [(sqlMove, baseline), (appMove, app)];
            foreach (var (move, tally) in turns) await RunMoversAsync(db, board, move, Slice, tally, seed: slice);
        }

        Console.WriteLine($"pipeline moves: app {app.PerSecond:F0} moves/s p50={app.Timing.Percentile(50):F1}ms p99={app.Timing.Percentile(99):F1}ms"
            + $" | sql {baseline.PerSecond:F0} moves/s p50={baseline.Timing.Percentile(50):F1}ms p99={baseline.Timing.Percentile(99):F1}ms"
            + $" | ratio={app.Timing.Percentile(99) / baseline.Timing.Percentile(99):F2} (app n={app.Moved}, refused as stale {app.Refused})");
        Console.WriteLine($"pipeline rows updated per move: {string.Join(", ", app.RowsPerMove.OrderBy(r => r.Key).Select(r => $"{r.Key} row(s) × {r.Value}"))}");
        var (shared, outside, missing) = await PipelineData.AnomaliesAsync(db.Owner, board);
        Console.WriteLine($"pipeline ordering anomalies: {shared + outside + missing} (ranks shared in a column {shared}, deals outside their pipeline's stages {outside}, deals lost {missing})");

        var boards = new PipelineBoardService(factory, tenant, new PipelineChangeFeed(NullLogger<PipelineChangeFeed>.Instance));
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

    /// <summary>What one side's movers did, summed over its turns.</summary>
    private sealed class MoverTally
    {
        public Timing Timing { get; } = new("move");
        public ConcurrentDictionary<int, int> RowsPerMove { get; } = new();
        public int Moved;
        public int Refused;
        public TimeSpan Elapsed;
        public double PerSecond => Moved / Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Eight movers for <paramref name="duration"/>, counted into <paramref name="tally"/>. Each refreshes its view of a random deal and a
    /// random gap in a random column (not timed, like a board showing the latest data), then times
    /// only the move. A move returns the rows it wrote, or -1 when refused because something changed meanwhile.
    /// </summary>
    private static async Task RunMoversAsync(
        BenchDatabase db, PipelineData.Board board, Func<DealMove, Task<int>> move, TimeSpan duration, MoverTally tally, int seed)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Movers).Select(async mover =>
        {
            var random = new Random(HashCode.Combine(mover, seed));
            await using var connection = await db.OpenAppAsync(board.TenantId);
            while (clock.Elapsed < duration)
            {
                var planned = await PlanAsync(connection, board, random);
                var rows = await tally.Timing.MeasureAsync(() => move(planned));
                if (rows < 0) Interlocked.Increment(ref tally.Refused);
                else
                {
                    Interlocked.Increment(ref tally.Moved);
                    tally.RowsPerMove.AddOrUpdate(rows, 1, (_, n) => n + 1);
                }
            }
        }));
        tally.Elapsed += clock.Elapsed;
    }

    /// <summary>
    /// A random deal dropped right after another random deal X, i.e. between X and the next deal of X's
    /// column: two index probes, so planning takes little from the moves being measured.
    /// </summary>
    private static async Task<DealMove> PlanAsync(NpgsqlConnection connection, PipelineData.Board board, Random random)
    {
        while (true)
        {
            var (dealId, neighbourId) = (board.DealIds[random.Next(board.DealIds.Count)], board.DealIds[random.Next(board.DealIds.Count)]);
            await using var command = new NpgsqlCommand("""
                select d.xmin::text::bigint, d.stage_id, d.rank, d.closed_at, d.lost_reason, x.stage_id, s.kind, x.rank, next.id, next.rank
                from deals x
                join deals d on d.id = @deal
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
            var nextId = reader.IsDBNull(8) ? (Guid?)null : reader.GetGuid(8);
            if (dealId == neighbourId || dealId == nextId) continue;
            var (stageId, kind) = (reader.GetGuid(5), reader.GetString(6));
            var shown = new MoveAsShown(board.PipelineId, reader.GetGuid(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                kind, reader.GetString(7), nextId is null ? null : reader.GetString(9));
            return new DealMove(dealId, (uint)reader.GetInt64(0), stageId, neighbourId, nextId, kind == "lost" ? "Chose a competitor" : null)
                { Shown = shown };
        }
    }

    /// <summary>
    /// The hand-tuned move: one UPDATE of the one deal, with the guards the app's has (the deal's
    /// version, the target stage's pipeline and kind, the neighbours' ranks).
    /// </summary>
    private static async Task<int> MoveBySqlAsync(BenchDatabase db, PipelineData.Board board, DealMove move)
    {
        var shown = move.Shown!;
        await using var connection = await db.OpenAppAsync(board.TenantId);
        // The before-neighbour's check only when one is named (the bottom of a column has none): no "@p is null or" for the planner.
        await using var command = new NpgsqlCommand("""
            update deals d set stage_id = s.id, rank = @rank, probability = s.probability,
                               closed_at = case when s.kind = 'open' then null else coalesce(d.closed_at, now()) end,
                               lost_reason = case when s.kind = 'lost' then @reason end
            from pipeline_stages s
            where d.id = @id and d.xmin = @version::text::xid and d.pipeline_id = @pipeline
              and s.id = @s and s.pipeline_id = d.pipeline_id and s.kind = @kind
              and exists (select from deals n where n.id = @after and n.stage_id = @s and n.rank = @after_rank)
            """ + (move.BeforeDealId is null ? "" : """

              and exists (select from deals n where n.id = @before and n.stage_id = @s and n.rank = @before_rank)
            """), connection);
        command.Parameters.AddWithValue("s", move.ToStageId);
        command.Parameters.AddWithValue("rank", DealRank.Between(shown.AfterRank, shown.BeforeRank));
        command.Parameters.AddWithValue("kind", shown.ToStageKind);
        command.Parameters.AddWithValue("reason", (object?)move.LostReason ?? DBNull.Value);
        command.Parameters.AddWithValue("id", move.DealId);
        command.Parameters.AddWithValue("version", (long)move.Version);
        command.Parameters.AddWithValue("pipeline", shown.PipelineId);
        command.Parameters.AddWithValue("after", move.AfterDealId!.Value);
        command.Parameters.AddWithValue("after_rank", shown.AfterRank!);
        command.Parameters.Add(new NpgsqlParameter<Guid?>("before", move.BeforeDealId));
        command.Parameters.Add(new NpgsqlParameter<string?>("before_rank", shown.BeforeRank));
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

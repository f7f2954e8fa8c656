using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Board;
using CrmBlazor.Features.Deals.Moves;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Services;

public sealed class DealMoveTests(CrmDatabase database) : DemoAppTests(database)
{
    private sealed record BoardDeal(Guid Id, uint Version, Guid PipelineId, Guid StageId, string Rank, DateTimeOffset? ClosedAt, string? LostReason);

    /// <summary>What a board showing DEAL would carry for a move of it between AFTER and BEFORE of a column of KIND.</summary>
    private static MoveAsShown Shown(BoardDeal deal, string kind, BoardDeal? after, BoardDeal? before) =>
        new(deal.PipelineId, deal.StageId, deal.Rank, deal.ClosedAt, deal.LostReason, kind, after?.Rank, before?.Rank);

    [Fact]
    public async Task Moving_a_deal_touches_only_that_deal()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var board = await BoardAsync();
        var (proposal, column) = await FullestOpenColumnAsync(board);
        var deal = board.First(d => d.StageId != proposal);
        var updatesBefore = await DealUpdatesAsync();

        var result = await scope.ServiceProvider.GetRequiredService<DealMoveService>()
            .MoveAsync(new DealMove(deal.Id, deal.Version, proposal, column[0].Id, column[1].Id), TestContext.Current.CancellationToken);

        Assert.True(result.Moved, result.Refusal);
        Assert.Equal(1, result.RowsUpdated);
        Assert.Equal(updatesBefore + 1, await DealUpdatesAsync());
        var after = (await BoardAsync()).Where(d => d.StageId == proposal).OrderBy(d => d.Rank, StringComparer.Ordinal).Select(d => d.Id).ToList();
        Assert.Equal([column[0].Id, deal.Id, column[1].Id], after.Take(3));
    }

    [Fact]
    public async Task The_context_a_move_used_goes_back_to_the_pool_with_nothing_of_its_connection_left_open()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var tenant = scope.ServiceProvider.GetRequiredService<TenantContext>();
        await using var dataSource = DataRegistration.CreateDataSource(App.AppConnectionString);
        // A pool of its own holds just the one context, so the context the move gives back is the next one handed out.
        var pool = DataRegistration.CreateContextPool(dataSource);
        var moves = ActivatorUtilities.CreateInstance<DealMoveService>(scope.ServiceProvider, new TenantDbContextFactory(pool, tenant));
        var moved = await moves.MoveAsync((await BetweenTheFirstTwoAsShownAsync()).Move, TestContext.Current.CancellationToken);
        Assert.True(moved.Moved, moved.Refusal);

        // The next context handed out is the same instance: it starts closed, and its session acts for its own snapshot.
        await using var db = await new TenantDbContextFactory(pool, TenantSnapshot.Nobody).CreateDbContextAsync(TestContext.Current.CancellationToken);
        Assert.Equal(System.Data.ConnectionState.Closed, db.Database.GetDbConnection().State);
        Assert.Equal("", await SessionTenantAsync(db));
        Assert.Equal(System.Data.ConnectionState.Closed, db.Database.GetDbConnection().State);
    }

    /// <summary>
    /// A deal of another column dropped between the first two cards of the fullest open column, with
    /// everything a board showing them carries (so the move is one statement).
    /// </summary>
    private async Task<(DealMove Move, BoardDeal Deal, Guid Stage, List<BoardDeal> Column)> BetweenTheFirstTwoAsShownAsync()
    {
        var board = await BoardAsync();
        var (stage, column) = await FullestOpenColumnAsync(board);
        var deal = board.First(d => d.StageId != stage);
        var move = new DealMove(deal.Id, deal.Version, stage, column[0].Id, column[1].Id) { Shown = Shown(deal, PipelineStage.Open, column[0], column[1]) };
        return (move, deal, stage, column);
    }

    /// <summary>The tenant the Database session of DB's next query acts for, as row-level security reads it.</summary>
    private static Task<string> SessionTenantAsync(CrmDbContext db) =>
        db.Database.SqlQueryRaw<string>("select current_setting('app.tenant_id') as \"Value\"").SingleAsync(TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_move_as_the_board_showed_it_is_a_single_update()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        await using var dataSource = new Npgsql.NpgsqlDataSourceBuilder(App.AppConnectionString).Build();
        var recording = new RecordingDbContextFactory(dataSource, scope.ServiceProvider.GetRequiredService<ITenantContext>());
        var moves = ActivatorUtilities.CreateInstance<DealMoveService>(scope.ServiceProvider, recording);
        var (move, deal, proposal, column) = await BetweenTheFirstTwoAsShownAsync();

        var result = await moves.MoveAsync(move, TestContext.Current.CancellationToken);

        Assert.True(result.Moved, result.Refusal);
        Assert.StartsWith("UPDATE deals", Assert.Single(recording.Commands));
        var after = (await BoardAsync()).Where(d => d.StageId == proposal).OrderBy(d => d.Rank, StringComparer.Ordinal).Select(d => d.Id).ToList();
        Assert.Equal([column[0].Id, deal.Id, column[1].Id], after.Take(3));
    }

    [Fact]
    public async Task The_single_update_is_scoped_to_the_acting_tenant_even_where_row_level_security_would_not_stop_it()
    {
        var (move, deal, _, _) = await BetweenTheFirstTwoAsShownAsync();
        // As a superuser, whom row-level security does not bind, acting for another tenant: only the statement's own conditions stand.
        await using var superuser = new TestDbContexts(Database.SuperuserConnectionString);
        // Another tenant's Owner: the permission check reads their role from their own tenant's rows.
        await using var session = await DbSession.OpenAsync(Database.AppConnectionString);
        var other = await session.CreateTenantAsync("Other tenant");
        var tenant = new TenantSnapshot(other.Id, other.OwnerId, Role.Owner);
        var factory = superuser.Factory(tenant.TenantId!.Value, tenant.UserId!.Value, Role.Owner);
        var moves = new DealMoveService(factory, new PermissionGuard(tenant, factory), TimeProvider.System,
            App.Services.GetRequiredService<IPipelineChangeFeed>(), tenant);

        var result = await moves.MoveAsync(move, TestContext.Current.CancellationToken);

        Assert.Equal(DealMoveResult.ChangedMeanwhile, result.Refusal);
        Assert.Equal(deal, (await BoardAsync()).Single(d => d.Id == deal.Id));
    }

    [Fact]
    public async Task A_board_that_showed_a_neighbour_where_it_no_longer_is_still_gets_the_card_between_them()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var moves = scope.ServiceProvider.GetRequiredService<DealMoveService>();
        var seen = await BoardAsync();
        var (proposal, column) = await FullestOpenColumnAsync(seen);
        var deal = seen.First(d => d.StageId != proposal);
        // Meanwhile, another user drags the second card of the column to its top: the board's ranks are out of date.
        var meanwhile = await moves.MoveAsync(new DealMove(column[1].Id, column[1].Version, proposal, null, column[0].Id), TestContext.Current.CancellationToken);
        Assert.True(meanwhile.Moved, meanwhile.Refusal);

        var result = await moves.MoveAsync(new DealMove(deal.Id, deal.Version, proposal, column[0].Id, column[1].Id)
            { Shown = Shown(deal, PipelineStage.Open, column[0], column[1]) }, TestContext.Current.CancellationToken);

        // Now out of order, the two named neighbours have no gap between them: refused, nothing written.
        Assert.Equal(DealMoveResult.ChangedMeanwhile, result.Refusal);
        Assert.Equal(deal, (await BoardAsync()).Single(d => d.Id == deal.Id));

        var retried = await moves.MoveAsync(new DealMove(deal.Id, deal.Version, proposal, column[0].Id, column[2].Id)
            { Shown = Shown(deal, PipelineStage.Open, column[0], column[2]) }, TestContext.Current.CancellationToken);
        Assert.True(retried.Moved, retried.Refusal);
        var after = (await BoardAsync()).Where(d => d.StageId == proposal).OrderBy(d => d.Rank, StringComparer.Ordinal).Select(d => d.Id).ToList();
        Assert.Equal([column[1].Id, column[0].Id, deal.Id, column[2].Id], after.Take(4));
    }

    [Fact]
    public async Task A_keyboard_move_to_the_top_goes_above_the_column_as_it_is_when_the_top_card_shown_left_meanwhile()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var moves = scope.ServiceProvider.GetRequiredService<DealMoveService>();
        var (target, column) = await FullestOpenColumnAsync(await BoardAsync());
        var board = (await scope.ServiceProvider.GetRequiredService<PipelineBoardService>()
            .GetBoardAsync(await PipelineOfAsync(target), new BoardFilter(), null, TestContext.Current.CancellationToken))!;
        var shownColumn = board.Stage(target)!;
        var card = board.Stages.First(s => s.Id != target && s.Kind == PipelineStage.Open && s.Cards.Count > 0).Cards[0];
        Assert.Equal(column[0].Id, shownColumn.Cards[0].Id);
        // Meanwhile, a colleague moves the column's top card out of it.
        var away = await moves.MoveAsync(new DealMove(column[0].Id, column[0].Version, card.StageId, null, null), TestContext.Current.CancellationToken);
        Assert.True(away.Moved, away.Refusal);

        var result = await moves.MoveAsync(BoardMoves.ToTop(board.PipelineId, shownColumn, card), TestContext.Current.CancellationToken);

        Assert.True(result.Moved, result.Refusal);
        var now = (await BoardAsync()).Where(d => d.StageId == target).OrderBy(d => d.Rank, StringComparer.Ordinal).Select(d => d.Id).ToList();
        Assert.Equal([card.Id, column[1].Id], now.Take(2));
        // The card itself changed meanwhile (this move): a second move from the same board is still refused.
        var again = await moves.MoveAsync(BoardMoves.ToTop(board.PipelineId, board.Stage(card.StageId)!, card), TestContext.Current.CancellationToken);
        Assert.Equal(DealMoveResult.ChangedMeanwhile, again.Refusal);
    }

    [Fact]
    public async Task A_board_that_showed_a_stage_of_another_kind_is_answered_from_the_stage_as_it_is()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var moves = scope.ServiceProvider.GetRequiredService<DealMoveService>();
        var (prospecting, lost) = (await StageAsync("Prospecting"), await StageAsync("Closed Lost"));
        var deal = (await BoardAsync()).First(d => d.StageId == prospecting);

        // A board that took Closed Lost for an open stage sends no reason: the stage's real kind refuses it.
        var result = await moves.MoveAsync(new DealMove(deal.Id, deal.Version, lost, null, null)
            { Shown = Shown(deal, PipelineStage.Open, null, null) }, TestContext.Current.CancellationToken);

        Assert.Equal(DealMoveResult.LostReasonNeeded, result.Refusal);
        Assert.Equal(deal, (await BoardAsync()).Single(d => d.Id == deal.Id));
    }

    [Fact]
    public async Task A_move_from_a_stale_board_is_refused_and_changes_nothing()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var moves = scope.ServiceProvider.GetRequiredService<DealMoveService>();
        var negotiation = await StageAsync("Negotiation");
        var column = (await BoardAsync()).Where(d => d.StageId == negotiation).OrderBy(d => d.Rank, StringComparer.Ordinal).ToList();
        var deal = column[^1];
        var toTheTop = await moves.MoveAsync(new DealMove(deal.Id, deal.Version, negotiation, null, column[0].Id), TestContext.Current.CancellationToken);
        Assert.Equal(1, toTheTop.RowsUpdated);
        var now = (await BoardAsync()).Single(d => d.Id == deal.Id);

        var stale = await moves.MoveAsync(new DealMove(deal.Id, deal.Version, await StageAsync("Prospecting"), null, null), TestContext.Current.CancellationToken);

        Assert.False(stale.Moved);
        Assert.Equal(DealMoveResult.ChangedMeanwhile, stale.Refusal);
        Assert.Equal(now, (await BoardAsync()).Single(d => d.Id == deal.Id));
    }

    [Fact]
    public async Task Into_a_lost_stage_needs_a_reason_and_closes_the_deal()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var moves = scope.ServiceProvider.GetRequiredService<DealMoveService>();
        var (prospecting, lost) = (await StageAsync("Prospecting"), await StageAsync("Closed Lost"));
        var deal = (await BoardAsync()).First(d => d.StageId == prospecting);

        var refused = await moves.MoveAsync(new DealMove(deal.Id, deal.Version, lost, null, null), TestContext.Current.CancellationToken);
        var moved = await moves.MoveAsync(new DealMove(deal.Id, deal.Version, lost, null, null, "Chose a competitor"), TestContext.Current.CancellationToken);

        Assert.Equal(DealMoveResult.LostReasonNeeded, refused.Refusal);
        Assert.True(moved.Moved, moved.Refusal);
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        Assert.True(await session.ScalarAsync<bool>("select closed_at is not null and lost_reason = 'Chose a competitor' from deals where id = @d", ("d", deal.Id)));
    }

    [Fact]
    public async Task A_move_tells_the_pipelines_boards_and_a_refused_move_does_not()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var moves = scope.ServiceProvider.GetRequiredService<DealMoveService>();
        var tenant = scope.ServiceProvider.GetRequiredService<ITenantContext>();
        var (negotiation, lost) = (await StageAsync("Negotiation"), await StageAsync("Closed Lost"));
        var deal = (await BoardAsync()).First(d => d.StageId == negotiation);
        var pipelineId = await PipelineOfAsync(negotiation);
        var heard = new System.Collections.Concurrent.ConcurrentQueue<PipelineChange>();
        var first = new TaskCompletionSource<PipelineChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var board = App.Services.GetRequiredService<IPipelineChangeFeed>().Subscribe(tenant.TenantId!.Value, pipelineId, change =>
        {
            heard.Enqueue(change);
            first.TrySetResult(change);
            return Task.CompletedTask;
        });

        var refused = await moves.MoveAsync(new DealMove(deal.Id, deal.Version, lost, null, null), TestContext.Current.CancellationToken);
        Assert.False(refused.Moved);
        Assert.Empty(heard);

        var moved = await moves.MoveAsync(new DealMove(deal.Id, deal.Version, lost, null, null, "Budget frozen"), TestContext.Current.CancellationToken);

        Assert.True(moved.Moved, moved.Refusal);
        var change = await first.Task.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(new PipelineChange(tenant.TenantId.Value, pipelineId), change);
        Assert.Single(heard);
    }

    [Fact]
    public async Task Two_hundred_concurrent_moves_among_fifty_deals_leave_a_consistent_board()
    {
        await AddDealsAsync(20);
        var stages = await StagesAsync();
        var updatesBefore = await DealUpdatesAsync();
        var moved = 0;
        var rowsPerMove = new System.Collections.Concurrent.ConcurrentBag<int>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 8), async (worker, ct) =>
        {
            var random = new Random(worker);
            await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
            var moves = scope.ServiceProvider.GetRequiredService<DealMoveService>();
            for (var i = 0; i < 25; i++)
            {
                var board = await BoardAsync();
                var deal = board[random.Next(board.Count)];
                var stage = stages[random.Next(stages.Count)];
                var column = board.Where(d => d.StageId == stage && d.Id != deal.Id).OrderBy(d => d.Rank, StringComparer.Ordinal).ToList();
                var slot = random.Next(column.Count + 1);
                var result = await moves.MoveAsync(new DealMove(deal.Id, deal.Version, stage,
                    slot > 0 ? column[slot - 1].Id : null, slot < column.Count ? column[slot].Id : null, "Lost in the test"), ct);
                if (!result.Moved) continue;
                Interlocked.Increment(ref moved);
                rowsPerMove.Add(result.RowsUpdated);
            }
        });

        var final = await BoardAsync();
        Assert.Equal(50, final.Count);
        Assert.Equal(final.Count, final.Select(d => (d.StageId, d.Rank)).Distinct().Count());
        Assert.All(final, d => Assert.Contains(d.StageId, stages));
        Assert.True(moved > 100, $"only {moved} of 200 moves succeeded");
        // One row per move; none when a deal is dropped back where it already was.
        Assert.All(rowsPerMove, rows => Assert.InRange(rows, 0, 1));
        // The audit trigger saw no deal change beyond the moves (a move back to the same place records nothing).
        Assert.InRange(await DealUpdatesAsync() - updatesBefore, 1, moved);
    }

    [Fact]
    public async Task Ranks_that_grow_long_are_rebalanced_keeping_the_column_order()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var moves = scope.ServiceProvider.GetRequiredService<DealMoveService>();
        var proposal = await StageAsync("Proposal");
        var column = (await BoardAsync()).Where(d => d.StageId == proposal).OrderBy(d => d.Rank, StringComparer.Ordinal).ToList();
        var top = column[0].Id;

        // Keep dropping deals right under the top one: each new rank is longer than the last.
        var longest = 0;
        for (var i = 0; i < 200 && longest <= DealRank.RebalanceLength; i++)
        {
            var board = (await BoardAsync()).Where(d => d.StageId == proposal).OrderBy(d => d.Rank, StringComparer.Ordinal).ToList();
            var mover = board.Last(d => d.Id != top);
            var result = await moves.MoveAsync(new DealMove(mover.Id, mover.Version, proposal, top, board[1].Id == mover.Id ? board[2].Id : board[1].Id),
                TestContext.Current.CancellationToken);
            Assert.True(result.Moved, result.Refusal);
            longest = Math.Max(longest, result.Rank!.Length);
        }

        Assert.True(longest > DealRank.RebalanceLength, "the ranks never grew long enough to need a rebalance");
        var after = (await BoardAsync()).Where(d => d.StageId == proposal).OrderBy(d => d.Rank, StringComparer.Ordinal).ToList();
        Assert.All(after, d => Assert.True(d.Rank.Length <= 4, d.Rank));
        Assert.Equal(top, after[0].Id);
        Assert.Equal(column.Count, after.Count);
    }

    private async Task<List<BoardDeal>> BoardAsync()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        await using var command = new Npgsql.NpgsqlCommand(
            "select id, xmin::text::bigint, pipeline_id, stage_id, rank, closed_at, lost_reason from deals where deleted_at is null", session.Connection);
        await using var reader = await command.ExecuteReaderAsync();
        var deals = new List<BoardDeal>();
        while (await reader.ReadAsync())
            deals.Add(new(reader.GetGuid(0), (uint)reader.GetInt64(1), reader.GetGuid(2), reader.GetGuid(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
        return deals;
    }

    /// <summary>
    /// The open stage with the most deals, and its deals in order: the tests of a class share one
    /// tenant, and the concurrent-moves test leaves its deals anywhere.
    /// </summary>
    private async Task<(Guid Stage, List<BoardDeal> Column)> FullestOpenColumnAsync(List<BoardDeal> board)
    {
        var open = new List<Guid>();
        foreach (var name in new[] { "Prospecting", "Qualification", "Proposal", "Negotiation" }) open.Add(await StageAsync(name));
        var stage = open.MaxBy(id => board.Count(d => d.StageId == id));
        return (stage, board.Where(d => d.StageId == stage).OrderBy(d => d.Rank, StringComparer.Ordinal).ToList());
    }

    private async Task<Guid> StageAsync(string name)
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        return await session.ScalarAsync<Guid>("select id from pipeline_stages where name = @n", ("n", name));
    }

    private async Task<Guid> PipelineOfAsync(Guid stageId)
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        return await session.ScalarAsync<Guid>("select pipeline_id from pipeline_stages where id = @s", ("s", stageId));
    }

    private async Task<List<Guid>> StagesAsync()
    {
        var names = new[] { "Prospecting", "Qualification", "Proposal", "Negotiation", "Closed Won", "Closed Lost" };
        var ids = new List<Guid>();
        foreach (var name in names) ids.Add(await StageAsync(name));
        return ids;
    }

    /// <summary>Row updates of deals, as the audit trigger counted them: one per updated row.</summary>
    private async Task<long> DealUpdatesAsync()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        return await session.ScalarAsync<long>("select count(*) from audit_logs where table_name = 'deals' and action = 'update'");
    }

    private async Task AddDealsAsync(int count)
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        await session.ExecuteAsync("""
            insert into deals (title, pipeline_id, stage_id, value, currency, probability, rank)
            select 'Extra deal ' || i, s.pipeline_id, s.id, 1000, 'USD', s.probability, 'y' || i || 'z'
            from generate_series(1, @n) i, (select id, pipeline_id, probability from pipeline_stages where name = 'Prospecting') s
            """, ("n", count));
    }
}

using CrmBlazor.Features.Board;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CrmBlazor.Tests.Services;

/// <summary>
/// The board and list reads on the seeded demo tenant. Tests that need known deals build a pipeline of
/// their own in it, so the demo deals and the other tests' deals do not disturb them.
/// </summary>
public sealed class PipelineBoardServiceTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_column_counts_its_deals_and_sums_them_per_currency_as_sql_does()
    {
        await using var db = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var sales = await db.ScalarAsync<Guid>("select id from pipelines where is_default");
        await AddDealAsync(db, sales, await StageAsync(db, sales, 2), "Franc deal A", value: 1000.50m, currency: "CHF");
        await AddDealAsync(db, sales, await StageAsync(db, sales, 2), "Franc deal B", value: 99.50m, currency: "CHF");
        await AddDealAsync(db, sales, await StageAsync(db, sales, 2), "Deleted franc deal", value: 5000m, currency: "CHF", deleted: true);

        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);

        var board = await Board(scope).GetBoardAsync(sales, new BoardFilter(), ct: Ct);

        Assert.NotNull(board);
        Assert.Equal(["Prospecting", "Qualification", "Proposal", "Negotiation", "Closed Won", "Closed Lost"], board.Stages.Select(s => s.Name));
        Assert.Contains(new MoneyTotal("CHF", 1100.00m), board.Stages[2].Totals);
        foreach (var stage in board.Stages)
        {
            Assert.Equal(await db.CountAsync("deals where stage_id = @s and deleted_at is null", ("s", stage.Id)), stage.DealCount);
            Assert.Equal(await TotalsInSqlAsync(db, stage.Id), stage.Totals);
            Assert.Equal(stage.DealCount, stage.Cards.Count);
            Assert.Equal(stage.Cards.OrderBy(c => c.Rank, StringComparer.Ordinal), stage.Cards);
        }
    }

    [Fact]
    public async Task Figures_are_grouped_in_sql_and_every_columns_first_cards_come_in_one_statement_with_a_limit_per_column()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        await using var dataSource = new NpgsqlDataSourceBuilder(App.AppConnectionString).Build();
        var recording = new RecordingDbContextFactory(dataSource, scope.ServiceProvider.GetRequiredService<ITenantContext>());
        var service = ActivatorUtilities.CreateInstance<PipelineBoardService>(scope.ServiceProvider, recording);
        var sales = (await service.ListPipelinesAsync(Ct))[0].Id;

        await service.GetBoardAsync(sales, new BoardFilter(), ct: Ct);

        var readingDeals = recording.Commands.Where(sql => sql.Contains("FROM deals")).ToList();
        Assert.Equal(2, readingDeals.Count); // the cards of all six columns, then the figures
        Assert.Contains("LEFT JOIN LATERAL", readingDeals[0]);
        Assert.Contains("LIMIT", readingDeals[0]);
        Assert.Contains("GROUP BY", readingDeals[1]);
    }

    [Fact]
    public async Task Filters_by_owner_mine_tag_search_and_expected_close_range()
    {
        await using var db = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var me = await db.ActingUserIdAsync();
        var colleague = await db.ScalarAsync<Guid>("select id from users where normalized_email = upper(@e)", ("e", DemoTenant.Admin));
        var pipeline = await db.AddPipelineAsync(isDefault: false);
        var tag = await db.AddTagAsync();
        var company = await db.AddCompanyAsync("Zyxwv Widgets 100%");
        var mine = await AddDealAsync(db, pipeline.Id, pipeline.FirstStageId, "Renewal of licences", owner: me, close: new DateOnly(2026, 3, 10));
        var theirs = await AddDealAsync(db, pipeline.Id, pipeline.StageIds[1], "Second site", owner: colleague, company: company, close: new DateOnly(2026, 4, 1));
        var tagged = await AddDealAsync(db, pipeline.Id, pipeline.StageIds[2], "Pilot_project", tag: tag, close: new DateOnly(2026, 5, 20));
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var service = Board(scope);

        async Task<List<Guid>> Shown(BoardFilter filter) =>
            (await service.GetBoardAsync(pipeline.Id, filter, ct: Ct))!.Stages.SelectMany(s => s.Cards).Select(c => c.Id).ToList();

        Assert.Equal([mine, theirs, tagged], await Shown(new BoardFilter()));
        Assert.Equal([mine], await Shown(new BoardFilter { Owner = OwnerFilter.Me }));
        Assert.Equal([theirs], await Shown(new BoardFilter { Owner = new OwnerFilter("Alex", colleague) }));
        Assert.Equal([tagged], await Shown(new BoardFilter { TagId = tag }));
        Assert.Equal([mine], await Shown(new BoardFilter { Search = "RENEWAL" }));
        Assert.Equal([theirs], await Shown(new BoardFilter { Search = "zyxwv widgets" }));
        Assert.Equal([theirs], await Shown(new BoardFilter { Search = "100%" }));
        // The search's rules (Sql/search.sql): "_" separates words, and is no wildcard ("d_s" is not "Second site").
        Assert.Equal([tagged], await Shown(new BoardFilter { Search = "project_pilot" }));
        Assert.Empty(await Shown(new BoardFilter { Search = "d_s" }));
        Assert.Equal([mine, theirs], await Shown(new BoardFilter { CloseTo = new DateOnly(2026, 4, 1) }));
        Assert.Equal([theirs, tagged], await Shown(new BoardFilter { CloseFrom = new DateOnly(2026, 3, 11) }));
        Assert.Equal([theirs], await Shown(new BoardFilter { CloseFrom = new DateOnly(2026, 4, 1), CloseTo = new DateOnly(2026, 4, 1) }));

        var filtered = await service.GetBoardAsync(pipeline.Id, new BoardFilter { Owner = OwnerFilter.Me }, ct: Ct);
        Assert.Equal([1, 0, 0], filtered!.Stages.Select(s => s.DealCount));
        Assert.Equal([[new MoneyTotal("USD", 1000m)], [], []], filtered.Stages.Select(s => s.Totals.ToArray()));
    }

    [Fact]
    public async Task A_long_column_shows_fifty_cards_and_show_more_brings_the_next_fifty_in_rank_order()
    {
        await using var db = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var pipeline = await db.AddPipelineAsync(isDefault: false, stages: 1);
        await db.ExecuteAsync("""
            insert into deals (title, pipeline_id, stage_id, value, currency, probability, rank)
            select 'Bulk deal ' || i, @p, @s, i, 'USD', 10, lpad(i::text, 4, '0') || 'x' from generate_series(1, 120) i
            """, ("p", pipeline.Id), ("s", pipeline.FirstStageId));
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var service = Board(scope);

        var column = (await service.GetBoardAsync(pipeline.Id, new BoardFilter(), ct: Ct))!.Stages.Single();
        var second = await service.MoreCardsAsync(pipeline.Id, column.Id, new BoardFilter(), column.Cards[^1].Rank, Ct);
        var third = await service.MoreCardsAsync(pipeline.Id, column.Id, new BoardFilter(), second.Cards[^1].Rank, Ct);

        Assert.Equal(120, column.DealCount);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => $"Bulk deal {i}"), column.Cards.Select(c => c.Title));
        Assert.Equal(second.Cards[0].Id, column.NextCardId);
        Assert.Equal(Enumerable.Range(51, 50).Select(i => $"Bulk deal {i}"), second.Cards.Select(c => c.Title));
        Assert.Equal(third.Cards[0].Id, second.NextCardId);
        Assert.Equal(Enumerable.Range(101, 20).Select(i => $"Bulk deal {i}"), third.Cards.Select(c => c.Title));
        Assert.Null(third.NextCardId);

        var extended = (await service.GetBoardAsync(pipeline.Id, new BoardFilter(), new Dictionary<Guid, int> { [column.Id] = 100 }, Ct))!.Stages.Single();
        Assert.Equal([.. column.Cards, .. second.Cards], extended.Cards);
    }

    [Fact]
    public async Task Another_tenants_pipelines_and_deals_never_appear()
    {
        await using var other = await DbSession.OpenAsync(App.AppConnectionString);
        var rival = await other.CreateTenantAsync("Rival Corp");
        var theirPipeline = rival.DefaultPipeline!;
        await AddDealAsync(other, theirPipeline.Id, theirPipeline.FirstStageId, "Their secret deal");
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var service = Board(scope);

        var pipelines = await service.ListPipelinesAsync(Ct);
        var board = await service.GetBoardAsync(pipelines[0].Id, new BoardFilter(), ct: Ct);

        Assert.Equal(("Sales", true), (pipelines[0].Name, pipelines[0].IsDefault));
        Assert.DoesNotContain(pipelines, p => p.Id == theirPipeline.Id);
        Assert.Null(await service.GetBoardAsync(theirPipeline.Id, new BoardFilter(), ct: Ct));
        Assert.Empty((await service.MoreCardsAsync(theirPipeline.Id, theirPipeline.FirstStageId, new BoardFilter(), "", Ct)).Cards);
        Assert.Equal(0, (await service.ListAsync(new DealListQuery(theirPipeline.Id, new BoardFilter()), Ct)).TotalCount);
        Assert.DoesNotContain(board!.Stages.SelectMany(s => s.Cards), c => c.Title == "Their secret deal");
        Assert.DoesNotContain((await service.ListChoicesAsync(Ct)).Owners, o => o.UserId == rival.OwnerId);
    }

    [Fact]
    public async Task The_list_pages_and_sorts_the_same_filtered_deals_on_the_server()
    {
        await using var db = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var pipeline = await db.AddPipelineAsync(isDefault: false);
        foreach (var (value, i) in new[] { 300m, 100m, 500m, 200m, 400m }.Select((v, i) => (v, i)))
            await AddDealAsync(db, pipeline.Id, pipeline.StageIds[i % 3], $"Listed deal {i}", value: value);
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var service = Board(scope);

        var first = await service.ListAsync(new DealListQuery(pipeline.Id, new BoardFilter(), DealListSort.Value, Descending: true, Page: 0, PageSize: 2), Ct);
        var second = await service.ListAsync(new DealListQuery(pipeline.Id, new BoardFilter(), DealListSort.Value, Descending: true, Page: 1, PageSize: 2), Ct);
        var searched = await service.ListAsync(new DealListQuery(pipeline.Id, new BoardFilter { Search = "deal 3" }), Ct);

        Assert.Equal(5, first.TotalCount);
        Assert.Equal([500m, 400m, 300m, 200m], [.. first.Rows.Select(r => r.Value), .. second.Rows.Select(r => r.Value)]);
        Assert.Equal(("Listed deal 3", "Stage 0", 1), (searched.Rows.Single().Title, searched.Rows.Single().StageName, searched.TotalCount));
    }

    private static PipelineBoardService Board(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<PipelineBoardService>();

    private static Task<Guid> StageAsync(DbSession db, Guid pipelineId, int position) =>
        db.ScalarAsync<Guid>("select id from pipeline_stages where pipeline_id = @p and position = @n", ("p", pipelineId), ("n", position));

    private static async Task<Guid> AddDealAsync(DbSession db, Guid pipelineId, Guid stageId, string title, decimal value = 1000m,
        string currency = "USD", Guid? owner = null, Guid? company = null, DateOnly? close = null, Guid? tag = null, bool deleted = false)
    {
        var id = await db.ScalarAsync<Guid>("""
            insert into deals (title, pipeline_id, stage_id, owner_id, company_id, value, currency, probability, rank, expected_close_date, deleted_at)
            values (@title, @p, @s, @owner, @company, @value, @currency, 10, @rank, @close, case when @deleted then now() end)
            returning id
            """, ("title", title), ("p", pipelineId), ("s", stageId), ("owner", owner), ("company", company), ("value", value),
            ("currency", currency), ("rank", "m" + Guid.NewGuid().ToString("N")), ("close", close), ("deleted", deleted));
        if (tag is { } tagId)
            await db.ExecuteAsync("insert into deal_tags (deal_id, tag_id) values (@d, @t)", ("d", id), ("t", tagId));
        return id;
    }

    private static async Task<List<MoneyTotal>> TotalsInSqlAsync(DbSession db, Guid stageId)
    {
        await using var command = new NpgsqlCommand("""
            select currency, sum(value) from deals where stage_id = @s and deleted_at is null group by currency order by currency
            """, db.Connection);
        command.Parameters.AddWithValue("s", stageId);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var totals = new List<MoneyTotal>();
        while (await reader.ReadAsync(Ct)) totals.Add(new MoneyTotal(reader.GetString(0), reader.GetDecimal(1)));
        return totals;
    }
}

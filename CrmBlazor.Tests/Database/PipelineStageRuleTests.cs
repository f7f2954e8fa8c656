using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// The rules of deal outcomes the database keeps whatever the client (stage_order.sql, currencies.sql,
/// lost_reasons.sql): a pipeline never loses its last won or lost stage, open stages come before closed
/// ones, a deal's currency is an ISO 4217 code, and every pipeline starts with the default lost reasons.
/// </summary>
public sealed class PipelineStageRuleTests(CrmDatabase database) : TenantSessionTests(database)
{
    private (string, object?)[] ids = [];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var pipeline = await Session.AddPipelineAsync(stages: 2);
        var won = await AddClosedStageAsync(pipeline.Id, "Won", 2, "won");
        var lost = await AddClosedStageAsync(pipeline.Id, "Lost", 3, "lost");
        ids = [("pipeline", pipeline.Id), ("stage", pipeline.FirstStageId), ("won", won), ("lost", lost)];
    }

    private Task<Guid> AddClosedStageAsync(Guid pipelineId, string name, int position, string kind) => Session.ScalarAsync<Guid>("""
        insert into pipeline_stages (pipeline_id, name, position, probability, kind, color)
        values (@pipeline, @name, @position, 0, @kind, '#888888') returning id
        """, ("pipeline", pipelineId), ("name", name), ("position", position), ("kind", kind));

    [Fact]
    public async Task A_pipeline_cannot_lose_its_last_won_or_lost_stage()
    {
        await Session.RejectsAsync(PostgresErrorCodes.CheckViolation, "ck_pipeline_keeps_won_and_lost",
            "pipeline_stages where kind = 'won'", "delete from pipeline_stages where id = @won", ids);
        await Session.RejectsAsync(PostgresErrorCodes.CheckViolation, "ck_pipeline_keeps_won_and_lost",
            "pipeline_stages where kind = 'lost'", "delete from pipeline_stages where id = @lost", ids);
        await Session.RejectsAsync(PostgresErrorCodes.CheckViolation, "ck_pipeline_keeps_won_and_lost",
            "pipeline_stages where kind = 'lost'", "update pipeline_stages set kind = 'won' where id = @lost", ids);
    }

    [Fact]
    public async Task A_second_won_stage_may_go_and_a_whole_pipeline_with_its_stages_too()
    {
        var second = await AddClosedStageAsync((Guid)ids[0].Item2!, "Won again", 4, "won");
        Assert.Equal(1, await Session.ExecuteAsync("delete from pipeline_stages where id = @id", ("id", second)));

        // Not the tenant's default (the test tenant has its own), so the whole pipeline may go.
        Assert.Equal(1, await Session.ExecuteAsync("delete from pipelines where id = @pipeline", ids));
        Assert.Equal(0L, await Session.ScalarAsync<long>("select count(*) from pipeline_stages where pipeline_id = @pipeline", ids));
    }

    [Fact]
    public Task An_open_stage_after_a_closed_one_is_refused() =>
        Session.RejectsAsync(PostgresErrorCodes.CheckViolation, "ck_pipeline_stages_open_first", "pipeline_stages", """
            insert into pipeline_stages (pipeline_id, name, position, probability, kind, color)
            values (@pipeline, 'Late', 9, 50, 'open', '#888888')
            """, ids);

    [Fact]
    public async Task A_currency_outside_ISO_4217_is_refused()
    {
        const string insert = """
            insert into deals (title, pipeline_id, stage_id, value, currency, probability, rank)
            values ('Deal', @pipeline, @stage, 10, @currency, 10, @rank)
            """;
        await Session.RejectsAsync(PostgresErrorCodes.ForeignKeyViolation, "fk_deals_currencies_currency", "deals",
            insert, [.. ids, ("currency", "ABC"), ("rank", "r1")]);
        Assert.Equal(1, await Session.ExecuteAsync(insert, [.. ids, ("currency", "CHF"), ("rank", "r2")]));
        Assert.Equal("Swiss Franc", await Session.ScalarAsync<string>("select name from currencies where code = 'CHF'"));
    }

    [Fact]
    public async Task Every_new_pipeline_starts_with_the_default_lost_reasons()
    {
        var reasons = new List<string>();
        await using (var command = new NpgsqlCommand(
            "select name from lost_reasons where pipeline_id = @pipeline order by position", Session.Connection))
        {
            command.Parameters.AddWithValue("pipeline", (Guid)ids[0].Item2!);
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken)) reasons.Add(reader.GetString(0));
        }

        Assert.Equal(["Price", "Chose a competitor", "No budget", "No decision", "Timing"], reasons);
    }
}

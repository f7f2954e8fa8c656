using CrmBlazor.Features.Deals;
using CrmBlazor.Features.Deals.Moves;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Services;

/// <summary>A deal's stage history, read back from the audit log that the database's trigger writes.</summary>
public sealed class DealHistoryTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    [Fact]
    public async Task Stage_history_lists_each_stage_change_by_name_with_who_made_it_latest_first()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var deals = scope.ServiceProvider.GetRequiredService<DealService>();
        var id = (await deals.CreateAsync(new DealForm { Title = "Travelling deal" }, Ct)).Id!.Value;
        var form = (await deals.GetAsync(id, Ct))!.ToForm();
        (form.StageId, form.Probability) = (await StageAsync("Proposal"), null);
        Assert.True((await deals.UpdateAsync(id, form, Ct)).Succeeded);
        var renamed = (await deals.GetAsync(id, Ct))!.ToForm();
        renamed.Title = "Travelling deal, renamed";
        Assert.True((await deals.UpdateAsync(id, renamed, Ct)).Succeeded);
        var moved = await scope.ServiceProvider.GetRequiredService<DealMoveService>().MoveAsync(
            new DealMove(id, (await deals.GetAsync(id, Ct))!.Version, await StageAsync("Negotiation"), null, null), Ct);
        Assert.True(moved.Moved, moved.Refusal);

        var history = await scope.ServiceProvider.GetRequiredService<DealHistoryService>().StageChangesAsync(id, Ct);

        Assert.Equal(
        [
            "Stage changed from Proposal to Negotiation by Maria Lopez",
            "Stage changed from Prospecting to Proposal by Maria Lopez",
            "Created in Prospecting by Maria Lopez",
        ], history.Select(c => c.Sentence));
    }

    [Fact]
    public async Task A_stage_deleted_since_keeps_the_name_the_audit_log_last_saw()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var pipeline = await DealServiceTests.PipelineAsync(session, ("Scouting", "open", 5), ("Talking", "open", 40));
        var deal = await session.AddDealAsync(pipeline, pipeline.StageIds[0]);
        await session.ExecuteAsync("update deals set stage_id = @s where id = @d", ("s", pipeline.StageIds[1]), ("d", deal));
        await session.ExecuteAsync("delete from pipeline_stages where id = @s", ("s", pipeline.StageIds[0]));
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);

        var history = await scope.ServiceProvider.GetRequiredService<DealHistoryService>().StageChangesAsync(deal, Ct);

        Assert.Equal("Stage changed from Scouting to Talking by Maria Lopez", history[0].Sentence);
    }

    private async Task<Guid> StageAsync(string name)
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        return await session.ScalarAsync<Guid>("select s.id from pipeline_stages s join pipelines p on p.id = s.pipeline_id where p.name = 'Sales' and s.name = @n", ("n", name));
    }
}

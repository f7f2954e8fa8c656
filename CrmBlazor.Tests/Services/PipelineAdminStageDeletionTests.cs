using CrmBlazor.Features.Admin.Pipelines;
using CrmBlazor.Features.Board;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Services;

/// <summary>Deleting a stage: its deals need a target, move there in order, and moving and deleting are all or nothing.</summary>
public sealed class PipelineAdminStageDeletionTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    [Fact]
    public async Task Deleting_a_stage_with_deals_without_a_target_of_the_same_pipeline_is_refused()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var admin = scope.PipelineAdmin();
        var pipeline = await admin.NewPipelineAsync();
        var elsewhere = await admin.NewPipelineAsync();
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin);
        var stage = pipeline.Stages[0];
        var deal = await session.AddDealAsync(pipeline.AsTestPipeline(), stage.Id);

        var noTarget = await admin.DeleteStageAsync(stage.Id, new StageDeletion(), Ct);
        var foreignTarget = await admin.DeleteStageAsync(stage.Id, new StageDeletion { TargetStageId = elsewhere.Stages[1].Id }, Ct);
        var itself = await admin.DeleteStageAsync(stage.Id, new StageDeletion { TargetStageId = stage.Id }, Ct);

        Assert.Equal(PipelineAdminService.TargetNeeded, noTarget.Errors[nameof(StageDeletion.TargetStageId)]);
        Assert.Equal(PipelineAdminService.TargetNotInPipeline, foreignTarget.Errors[nameof(StageDeletion.TargetStageId)]);
        Assert.Equal(PipelineAdminService.TargetNotInPipeline, itself.Errors[nameof(StageDeletion.TargetStageId)]);
        Assert.Equal(pipeline.Stages.Select(s => s.Id), (await admin.ReloadAsync(pipeline.Id)).Stages.Select(s => s.Id));
        Assert.Equal(stage.Id, await session.ScalarAsync<Guid>("select stage_id from deals where id = @d", ("d", deal)));
    }

    [Fact]
    public async Task Deleting_a_stage_moves_every_deal_after_the_targets_deals_in_their_order_and_removes_the_stage()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var admin = scope.PipelineAdmin();
        var pipeline = await admin.NewPipelineAsync();
        var (doomed, target) = (pipeline.Stages[0], pipeline.Stages[1]);
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin);
        var test = pipeline.AsTestPipeline();
        var staying = new[] { await session.AddDealAsync(test, target.Id, rank: "c"), await session.AddDealAsync(test, target.Id, rank: "k") };
        var moving = new[]
        {
            await session.AddDealAsync(test, doomed.Id, rank: "b"), await session.AddDealAsync(test, doomed.Id, rank: "m"),
            await session.AddDealAsync(test, doomed.Id, rank: "p"), await session.AddDealAsync(test, doomed.Id, rank: "t"),
        };
        // A deleted deal in the stage moves too: it may be restored, and it still points at the stage.
        await session.ExecuteAsync("update deals set deleted_at = now() where id = @d", ("d", moving[2]));
        var heard = new List<PipelineChange>();
        using var board = App.Services.GetRequiredService<IPipelineChangeFeed>()
            .Subscribe(TenantOf(scope), pipeline.Id, change => { heard.Add(change); return Task.CompletedTask; });

        var result = await admin.DeleteStageAsync(doomed.Id, new StageDeletion { TargetStageId = target.Id }, Ct);

        Assert.True(result.Succeeded, result.Problem ?? string.Join(", ", result.Errors.Values));
        var column = await ColumnAsync(session, target.Id);
        Assert.Equal([.. staying, .. moving], column.Select(d => d.Id));
        Assert.Equal(column.Count, column.Select(d => d.Rank).Distinct().Count());
        Assert.All(column.Skip(2), d => Assert.True(string.CompareOrdinal(d.Rank, "k") > 0, d.Rank));
        // A move's rule: the deal takes the probability of its new stage.
        Assert.All(column.Skip(2), d => Assert.Equal(target.Probability, d.Probability));
        Assert.Equal(0L, await session.CountAsync("pipeline_stages where id = @s", ("s", doomed.Id)));
        var now = await admin.ReloadAsync(pipeline.Id);
        Assert.Equal((5, 1), (now.Stages.Single(s => s.Id == target.Id).Deals, now.Stages.Single(s => s.Id == target.Id).TrashedDeals));
        Assert.Equal(new PipelineChange(TenantOf(scope), pipeline.Id), Assert.Single(heard));
    }

    [Fact]
    public async Task Deals_moved_into_a_won_stage_close_and_into_a_lost_stage_need_a_reason()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var admin = scope.PipelineAdmin();
        var pipeline = await admin.NewPipelineAsync();
        var (won, lost) = (pipeline.Stages.Single(s => s.Kind == "won"), pipeline.Stages.Single(s => s.Kind == "lost"));
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin);
        var wonDeal = await session.AddDealAsync(pipeline.AsTestPipeline(), pipeline.Stages[0].Id);
        var lostDeal = await session.AddDealAsync(pipeline.AsTestPipeline(), pipeline.Stages[1].Id);

        var intoWon = await admin.DeleteStageAsync(pipeline.Stages[0].Id, new StageDeletion { TargetStageId = won.Id }, Ct);
        var noReason = await admin.DeleteStageAsync(pipeline.Stages[1].Id, new StageDeletion { TargetStageId = lost.Id, LostReason = "  " }, Ct);
        var intoLost = await admin.DeleteStageAsync(pipeline.Stages[1].Id, new StageDeletion { TargetStageId = lost.Id, LostReason = " Budget cut " }, Ct);

        Assert.True(intoWon.Succeeded, intoWon.Problem);
        Assert.Equal(PipelineAdminService.LostReasonNeeded, noReason.Errors[nameof(StageDeletion.LostReason)]);
        Assert.True(intoLost.Succeeded, intoLost.Problem);
        Assert.True(await session.ScalarAsync<bool>("select closed_at is not null and lost_reason is null from deals where id = @d", ("d", wonDeal)));
        Assert.True(await session.ScalarAsync<bool>("select closed_at is not null and lost_reason = 'Budget cut' from deals where id = @d", ("d", lostDeal)));
    }

    [Theory]
    [InlineData(StageDeletionStep.DealsMoved)]
    [InlineData(StageDeletionStep.StageDeleted)]
    public async Task A_deletion_that_fails_after_any_step_leaves_every_deal_and_the_stage_as_they_were(StageDeletionStep failingStep)
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var admin = scope.PipelineAdmin();
        var pipeline = await admin.NewPipelineAsync();
        var (doomed, target) = (pipeline.Stages[2], pipeline.Stages.Single(s => s.Kind == "won"));
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin);
        foreach (var rank in new[] { "d", "h", "q" }) await session.AddDealAsync(pipeline.AsTestPipeline(), doomed.Id, rank: rank);
        await session.AddDealAsync(pipeline.AsTestPipeline(), target.Id, rank: "e");
        var (doomedBefore, targetBefore) = (await ColumnAsync(session, doomed.Id), await ColumnAsync(session, target.Id));
        admin.AfterDeletionStepAsync = step => step == failingStep ? throw new InjectedFailure() : Task.CompletedTask;

        await Assert.ThrowsAsync<InjectedFailure>(() => admin.DeleteStageAsync(doomed.Id, new StageDeletion { TargetStageId = target.Id }, Ct));

        Assert.Equal(doomedBefore, await ColumnAsync(session, doomed.Id));
        Assert.Equal(targetBefore, await ColumnAsync(session, target.Id));
        Assert.Equal(1L, await session.CountAsync("pipeline_stages where id = @s", ("s", doomed.Id)));
        Assert.Equal(pipeline.Stages.Select(s => s.Id), (await admin.ReloadAsync(pipeline.Id)).Stages.Select(s => s.Id));
    }

    [Fact]
    public async Task The_last_stage_and_the_last_open_stage_cannot_be_deleted()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var admin = scope.PipelineAdmin();
        var pipeline = await admin.NewPipelineAsync();
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin);
        var single = await session.AddPipelineAsync(isDefault: false, stages: 1);
        var open = pipeline.Stages.Where(s => s.Kind == "open").ToList();

        foreach (var stage in open.SkipLast(1))
            Assert.True((await admin.DeleteStageAsync(stage.Id, new StageDeletion(), Ct)).Succeeded);
        var lastOpen = await admin.DeleteStageAsync(open[^1].Id, new StageDeletion(), Ct);
        var last = await admin.DeleteStageAsync(single.FirstStageId, new StageDeletion(), Ct);

        Assert.Equal(PipelineAdminService.LastOpenStage, lastOpen.Problem);
        Assert.Equal(PipelineAdminService.LastStage, last.Problem);
        Assert.Equal(3, (await admin.ReloadAsync(pipeline.Id)).Stages.Count);
        Assert.Single((await admin.ReloadAsync(single.Id)).Stages);
    }

    private sealed record ColumnDeal(Guid Id, string Rank, int Probability, DateTimeOffset? ClosedAt, string? LostReason);

    /// <summary>Every deal of the stage, deleted ones too, in rank order.</summary>
    private static async Task<List<ColumnDeal>> ColumnAsync(DbSession session, Guid stageId)
    {
        await using var command = new Npgsql.NpgsqlCommand(
            "select id, rank, probability, closed_at, lost_reason from deals where stage_id = @s order by rank", session.Connection);
        command.Parameters.AddWithValue("s", stageId);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var deals = new List<ColumnDeal>();
        while (await reader.ReadAsync(Ct))
            deals.Add(new(reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        return deals;
    }

    private static Guid TenantOf(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<ITenantContext>().TenantId!.Value;

    private sealed class InjectedFailure : Exception;
}

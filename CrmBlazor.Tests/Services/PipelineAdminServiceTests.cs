using CrmBlazor.Features.Admin.Pipelines;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Services;

public sealed class PipelineAdminServiceTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    [Fact]
    public async Task A_new_pipeline_starts_with_the_default_stages_and_switching_the_default_keeps_exactly_one()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var admin = scope.PipelineAdmin();
        var sales = (await admin.ListAsync(Ct)).Single(p => p.IsDefault);

        var created = await admin.NewPipelineAsync();
        var renamed = await admin.RenamePipelineAsync(created.Id, new PipelineForm { Name = "  Renewals " + created.Id, Version = created.Version }, Ct);
        var switched = await admin.SetDefaultAsync(created.Id, Ct);

        Assert.Equal(DefaultPipeline.Create().Stages.Select(s => (s.Name, s.Position, s.Kind)),
            created.Stages.Select(s => (s.Name, s.Position, s.Kind)));
        Assert.True(renamed.Succeeded, string.Join(", ", renamed.Errors.Values));
        Assert.True(switched.Succeeded, switched.Problem);
        var listed = await admin.ListAsync(Ct);
        Assert.Equal(created.Id, Assert.Single(listed, p => p.IsDefault).Id);
        Assert.Equal("Renewals " + created.Id, listed.Single(p => p.Id == created.Id).Name);

        Assert.True((await admin.SetDefaultAsync(sales.Id, Ct)).Succeeded);
        Assert.Equal(sales.Id, Assert.Single(await admin.ListAsync(Ct), p => p.IsDefault).Id);
    }

    [Fact]
    public async Task Taken_names_in_any_letter_case_and_values_the_database_refuses_are_field_errors()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var admin = scope.PipelineAdmin();
        var pipeline = await admin.NewPipelineAsync();
        var proposal = pipeline.Stages.Single(s => s.Name == "Proposal");

        var created = await admin.CreatePipelineAsync(new PipelineForm { Name = " SALES " }, Ct);
        var renamed = await admin.RenamePipelineAsync(pipeline.Id, new PipelineForm { Name = "sales", Version = pipeline.Version }, Ct);
        var added = await admin.AddStageAsync(pipeline.Id, new StageForm { Name = "negotiation" }, Ct);
        var stageRenamed = await admin.UpdateStageAsync(proposal.Id, proposal.Edited(f => f.Name = "QUALIFICATION"), Ct);
        var badValues = await admin.UpdateStageAsync(proposal.Id, proposal.Edited(f => (f.Color, f.Probability, f.Kind) = ("red", 101, "maybe")), Ct);
        var blank = await admin.AddStageAsync(pipeline.Id, new StageForm { Name = "   " }, Ct);

        Assert.Equal(PipelineAdminService.DuplicatePipelineName, created.Errors[nameof(PipelineForm.Name)]);
        Assert.Equal(PipelineAdminService.DuplicatePipelineName, renamed.Errors[nameof(PipelineForm.Name)]);
        Assert.Equal(PipelineAdminService.DuplicateStageName, added.Errors[nameof(StageForm.Name)]);
        Assert.Equal(PipelineAdminService.DuplicateStageName, stageRenamed.Errors[nameof(StageForm.Name)]);
        Assert.Equal(StageForm.InvalidColor, badValues.Errors[nameof(StageForm.Color)]);
        Assert.Equal(StageForm.InvalidProbability, badValues.Errors[nameof(StageForm.Probability)]);
        Assert.Equal(StageForm.InvalidKind, badValues.Errors[nameof(StageForm.Kind)]);
        Assert.Equal(StageForm.MissingName, blank.Errors[nameof(StageForm.Name)]);
        AssertUnchanged(pipeline, await admin.ReloadAsync(pipeline.Id));
    }

    [Fact]
    public async Task A_new_open_stage_lands_before_the_closed_ones_then_is_renamed_recolored_and_given_a_probability_and_kind()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var admin = scope.PipelineAdmin();
        var pipeline = await admin.NewPipelineAsync();

        var added = await admin.AddStageAsync(pipeline.Id, new StageForm { Name = "Demo", Color = "#123456", Probability = 30, Kind = "open" }, Ct);
        var stage = (await admin.ReloadAsync(pipeline.Id)).Stages.Single(s => s.Id == added.Id);
        var updated = await admin.UpdateStageAsync(stage.Id, stage.Edited(f => (f.Name, f.Color, f.Probability, f.Kind) = (" Demo call ", "#abcdef", 40, "won")), Ct);

        Assert.True(updated.Succeeded, updated.Problem ?? string.Join(", ", updated.Errors.Values));
        // After the last open stage (Negotiation, 3), before Closed Won and Closed Lost, which move down one place.
        var openCount = pipeline.Stages.Count(s => s.Kind == "open");
        Assert.Equal(openCount, stage.Position);
        var reloaded = await admin.ReloadAsync(pipeline.Id);
        Assert.Equal(["open", "open", "open", "open", "won", "won", "lost"], reloaded.Stages.Select(s => s.Kind));
        var now = reloaded.Stages.Single(s => s.Id == stage.Id);
        Assert.Equal(("Demo call", "#ABCDEF", 40, "won", openCount), (now.Name, now.Color, now.Probability, now.Kind, now.Position));

        var late = await admin.AddStageAsync(pipeline.Id, new StageForm { Name = "Late open", Kind = "open" }, Ct);
        Assert.Equal(["open", "open", "open", "open", "open", "won", "won", "lost"], (await admin.ReloadAsync(pipeline.Id)).Stages.Select(s => s.Kind));
        Assert.Equal(openCount, (await admin.ReloadAsync(pipeline.Id)).Stages.Single(s => s.Id == late.Id).Position);
    }

    [Fact]
    public async Task The_last_won_and_the_last_lost_stage_stay_and_open_stages_stay_before_closed_ones()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var admin = scope.PipelineAdmin();
        var pipeline = await admin.NewPipelineAsync();
        var (won, lost) = (pipeline.Stages.Single(s => s.Kind == "won"), pipeline.Stages.Single(s => s.Kind == "lost"));

        var deleteWon = await admin.DeleteStageAsync(won.Id, new StageDeletion(), Ct);
        var deleteLost = await admin.DeleteStageAsync(lost.Id, new StageDeletion(), Ct);
        var wonToOpen = await admin.UpdateStageAsync(won.Id, won.Edited(f => f.Kind = "open"), Ct);
        var lostToWon = await admin.UpdateStageAsync(lost.Id, lost.Edited(f => f.Kind = "won"), Ct);
        var closedFirst = await admin.ReorderStagesAsync(pipeline.Id, pipeline.Stages.Select(s => s.Id).Reverse().ToList(), Ct);

        Assert.Equal(PipelineAdminService.LastWonStage, deleteWon.Problem);
        Assert.Equal(PipelineAdminService.LastLostStage, deleteLost.Problem);
        Assert.Equal(PipelineAdminService.LastWonStage, wonToOpen.Errors[nameof(StageForm.Kind)]);
        Assert.Equal(PipelineAdminService.LastLostStage, lostToWon.Errors[nameof(StageForm.Kind)]);
        Assert.Equal(PipelineAdminService.OpenStagesFirst, closedFirst.Problem);
        Assert.Equal(pipeline.Stages.Select(s => (s.Id, s.Kind, s.Position)),
            (await admin.ReloadAsync(pipeline.Id)).Stages.Select(s => (s.Id, s.Kind, s.Position)));
    }

    [Fact]
    public async Task An_edit_from_a_stale_form_is_refused()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var admin = scope.PipelineAdmin();
        var stage = (await admin.NewPipelineAsync()).Stages[0];
        Assert.True((await admin.UpdateStageAsync(stage.Id, stage.Edited(f => f.Name = "First edit"), Ct)).Succeeded);

        var stale = await admin.UpdateStageAsync(stage.Id, stage.Edited(f => f.Name = "Second edit"), Ct);

        Assert.Equal(PipelineAdminService.ChangedMeanwhile, stale.Problem);
        Assert.Equal("First edit", (await admin.ReloadAsync(stage.PipelineId)).Stages[0].Name);
    }

    [Fact]
    public async Task The_kind_changes_only_on_an_empty_stage_and_the_last_open_stage_stays_open()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var admin = scope.PipelineAdmin();
        var (busy, empty) = (await admin.NewPipelineAsync(), await admin.NewPipelineAsync());
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin);
        await session.AddDealAsync(busy.AsTestPipeline(), busy.Stages[0].Id);
        var open = empty.Stages.Where(s => s.Kind == "open").ToList();

        var holdingDeals = await admin.UpdateStageAsync(busy.Stages[0].Id, busy.Stages[0].Edited(f => f.Kind = "won"), Ct);
        // Each is read afresh: a stage turned lost moves behind the open ones, which changes their positions (and versions).
        foreach (var stage in open.SkipLast(1))
            Assert.True((await admin.UpdateStageAsync(stage.Id, (await FreshAsync(admin, stage)).Edited(f => f.Kind = "lost"), Ct)).Succeeded);
        var lastOpen = await admin.UpdateStageAsync(open[^1].Id, (await FreshAsync(admin, open[^1])).Edited(f => f.Kind = "won"), Ct);

        Assert.Equal(PipelineAdminService.KindNeedsEmptyStage, holdingDeals.Errors[nameof(StageForm.Kind)]);
        Assert.Equal(PipelineAdminService.LastOpenStage, lastOpen.Errors[nameof(StageForm.Kind)]);
        Assert.Equal("open", (await admin.ReloadAsync(busy.Id)).Stages[0].Kind);
        Assert.Equal([open[^1].Id], (await admin.ReloadAsync(empty.Id)).Stages.Where(s => s.Kind == "open").Select(s => s.Id));
    }

    private static async Task<StageRow> FreshAsync(PipelineAdminService admin, StageRow stage) =>
        (await admin.ReloadAsync(stage.PipelineId)).Stages.Single(s => s.Id == stage.Id);

    [Fact]
    public async Task Reordering_gives_every_stage_its_new_position_in_one_transaction_and_a_stale_order_is_refused()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var admin = scope.PipelineAdmin();
        var pipeline = await admin.NewPipelineAsync();
        // The open stages reversed; the closed ones stay last.
        var reversed = pipeline.Stages.Where(s => s.Kind == "open").Select(s => s.Id).Reverse()
            .Concat(pipeline.Stages.Where(s => s.Kind != "open").Select(s => s.Id)).ToList();

        var result = await admin.ReorderStagesAsync(pipeline.Id, reversed, Ct);
        // Positions swap pairwise here (0 ↔ 3, 1 ↔ 2): only the commit-time unique check lets that through.
        var incomplete = await admin.ReorderStagesAsync(pipeline.Id, pipeline.Stages.Skip(1).Select(s => s.Id).ToList(), Ct);

        Assert.True(result.Succeeded, result.Problem);
        Assert.Equal(PipelineAdminService.ChangedMeanwhile, incomplete.Problem);
        var now = await admin.ReloadAsync(pipeline.Id);
        Assert.Equal(reversed, now.Stages.Select(s => s.Id));
        Assert.Equal(Enumerable.Range(0, reversed.Count), now.Stages.Select(s => s.Position));
    }

    [Fact]
    public async Task A_member_is_refused_every_change()
    {
        PipelineSummary pipeline;
        await using (var adminScope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin))
            pipeline = await adminScope.PipelineAdmin().NewPipelineAsync();
        var stage = pipeline.Stages[0];
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var member = scope.PipelineAdmin();

        await Assert.ThrowsAsync<PermissionDeniedException>(() => member.ListAsync(Ct));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => member.CreatePipelineAsync(new PipelineForm { Name = "Member's" }, Ct));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => member.RenamePipelineAsync(pipeline.Id, new PipelineForm { Name = "X", Version = pipeline.Version }, Ct));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => member.SetDefaultAsync(pipeline.Id, Ct));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => member.AddStageAsync(pipeline.Id, new StageForm { Name = "X" }, Ct));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => member.UpdateStageAsync(stage.Id, stage.Edited(f => f.Name = "X"), Ct));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => member.ReorderStagesAsync(pipeline.Id, pipeline.Stages.Select(s => s.Id).Reverse().ToList(), Ct));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => member.DeleteStageAsync(stage.Id, new StageDeletion(), Ct));

        await using var adminAgain = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        AssertUnchanged(pipeline, await adminAgain.PipelineAdmin().ReloadAsync(pipeline.Id));
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin);
        Assert.True(await session.CountAsync("audit_logs where event = 'permission.denied' and new_data ->> 'detail' like 'pipelines.%'") >= 8);
    }

    [Fact]
    public void Ranks_for_many_deals_at_once_stay_short_and_in_order_after_the_last()
    {
        var ranks = PipelineAdminService.RanksAfter("zz5", 5_000);

        Assert.All(ranks, r => Assert.True(string.CompareOrdinal(r, "zz5") > 0 && r.Length <= 8 && !r.EndsWith('0'), r));
        Assert.Equal(ranks, ranks.Order(StringComparer.Ordinal));
        Assert.Equal(ranks.Count, ranks.Distinct().Count());
    }

    private static void AssertUnchanged(PipelineSummary before, PipelineSummary after)
    {
        Assert.Equal((before.Name, before.IsDefault, before.Version), (after.Name, after.IsDefault, after.Version));
        Assert.Equal(before.Stages, after.Stages);
    }
}

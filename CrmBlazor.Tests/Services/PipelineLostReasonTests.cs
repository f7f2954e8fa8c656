using CrmBlazor.Features.Admin.Pipelines;
using CrmBlazor.Features.Deals;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Services;

/// <summary>A pipeline's listed lost reasons: edited by admins, chosen when a deal is marked lost, reopened from.</summary>
public sealed class PipelineLostReasonTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Admins_add_rename_and_remove_reasons_and_a_removed_one_leaves_its_deals_text()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var admin = scope.PipelineAdmin();
        var pipeline = await admin.NewPipelineAsync();
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin);
        var deal = await session.AddDealAsync(pipeline.AsTestPipeline(), pipeline.Stages[0].Id);

        Assert.Equal(["Price", "Chose a competitor", "No budget", "No decision", "Timing"],
            (await admin.ListLostReasonsAsync(pipeline.Id, Ct)).Select(r => r.Name));
        var added = await admin.AddLostReasonAsync(pipeline.Id, new LostReasonForm { Name = "  Went in-house " }, Ct);
        var duplicate = await admin.AddLostReasonAsync(pipeline.Id, new LostReasonForm { Name = "Price" }, Ct);
        var blank = await admin.AddLostReasonAsync(pipeline.Id, new LostReasonForm { Name = " " }, Ct);
        var renamed = await admin.RenameLostReasonAsync(added.Id!.Value, new LostReasonForm { Name = "Built it in-house" }, Ct);
        Assert.True(added.Succeeded && renamed.Succeeded);
        Assert.Equal(PipelineAdminService.DuplicateLostReason, duplicate.Errors[nameof(LostReasonForm.Name)]);
        Assert.Equal(LostReasonForm.MissingName, blank.Errors[nameof(LostReasonForm.Name)]);

        var version = (uint)await session.ScalarAsync<long>("select xmin::text::bigint from deals where id = @d", ("d", deal));
        var lost = await scope.ServiceProvider.GetRequiredService<DealOutcomeService>()
            .MarkLostAsync(deal, version, new LostOutcome(added.Id, "whatever the dialog showed"), Ct);
        Assert.True(lost.Moved, lost.Refusal);
        Assert.Equal("Built it in-house", await session.ScalarAsync<string>("select lost_reason from deals where id = @d", ("d", deal)));

        Assert.True((await admin.DeleteLostReasonAsync(added.Id.Value, Ct)).Succeeded);
        Assert.DoesNotContain("Built it in-house", (await admin.ListLostReasonsAsync(pipeline.Id, Ct)).Select(r => r.Name));
        Assert.True(await session.ScalarAsync<bool>(
            "select lost_reason = 'Built it in-house' and lost_reason_id is null from deals where id = @d", ("d", deal)));
    }

    [Fact]
    public async Task A_won_deal_reopens_in_the_last_open_stage_it_was_in()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        var pipeline = await scope.PipelineAdmin().NewPipelineAsync();
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin);
        var proposal = pipeline.Stages.Single(s => s.Name == "Proposal");
        var deal = await session.AddDealAsync(pipeline.AsTestPipeline(), proposal.Id);
        var outcomes = scope.ServiceProvider.GetRequiredService<DealOutcomeService>();
        Task<uint> VersionAsync() => session.ScalarAsync<long>("select xmin::text::bigint from deals where id = @d", ("d", deal))
            .ContinueWith(t => (uint)t.Result, Ct);

        var won = await outcomes.MarkWonAsync(deal, await VersionAsync(), Ct);
        Assert.True(won.Moved, won.Refusal);
        Assert.True(await session.ScalarAsync<bool>("select closed_at is not null from deals where id = @d", ("d", deal)));

        var reopened = await outcomes.ReopenAsync(deal, await VersionAsync(), Ct);

        Assert.True(reopened.Moved, reopened.Refusal);
        Assert.Equal(proposal.Id, await session.ScalarAsync<Guid>("select stage_id from deals where id = @d", ("d", deal)));
        Assert.True(await session.ScalarAsync<bool>("select closed_at is null from deals where id = @d", ("d", deal)));
    }
}

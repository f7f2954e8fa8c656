using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrmBlazor.Features.Board;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Api;

/// <summary>Deal stage moves over real HTTP: the board's own rules, history and live feed, and every refusal as a problem.</summary>
public sealed class DealMoveApiTests(ApiSite site) : IClassFixture<ApiSite>
{
    private static readonly string[] ReadWrite = ["deals:write", "pipelines:read"];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_move_to_won_closes_the_deal_records_the_stage_change_and_tells_open_boards()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var pipeline = await client.DefaultPipelineAsync();
        var created = await client.PostAsJsonAsync("/api/v1/deals", new { title = "To be won", currency = "USD" }, Ct);
        var deal = await created.JsonAsync();
        var won = pipeline.StageOfKind("won");
        var boardHeard = new TaskCompletionSource<PipelineChange>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var board = site.App.Services.GetRequiredService<IPipelineChangeFeed>()
            .Subscribe(await DemoTenantIdAsync(), pipeline.Id(), change => { boardHeard.TrySetResult(change); return Task.CompletedTask; });

        var moved = await client.SendAsync(HttpMethod.Post, $"/api/v1/deals/{deal.Id()}/moves", new { stageId = won }, created.Etag());

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var now = await moved.JsonAsync();
        Assert.Equal("won", now.GetProperty("status").GetString());
        Assert.Equal(won, now.GetProperty("stageId").GetGuid());
        Assert.NotEqual(JsonValueKind.Null, now.GetProperty("closedAt").ValueKind);
        var wonStage = pipeline.GetProperty("stages").EnumerateArray().Single(s => s.Id() == won);
        Assert.Equal(wonStage.GetProperty("probability").GetInt32(), now.GetProperty("probability").GetInt32());
        Assert.NotEqual(created.Etag(), moved.Etag());
        Assert.Equal(pipeline.Id(), (await boardHeard.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct)).PipelineId);

        var history = (await client.GetAsync($"/api/v1/deals/{deal.Id()}/moves", Ct).JsonAsync()).GetProperty("data");
        Assert.Equal(2, history.GetArrayLength());
        Assert.Equal(deal.GetProperty("stageName").GetString(), history[0].GetProperty("fromStage").GetString());
        Assert.Equal(now.GetProperty("stageName").GetString(), history[0].GetProperty("toStage").GetString());
        Assert.Equal(JsonValueKind.Null, history[1].GetProperty("fromStage").ValueKind);
    }

    [Fact]
    public async Task A_move_to_lost_without_a_reason_is_a_422_naming_the_field_and_a_listed_reason_or_a_note_is_recorded()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var pipeline = await client.DefaultPipelineAsync();
        var lost = pipeline.StageOfKind("lost");
        var reason = pipeline.GetProperty("lostReasons")[0];
        var created = await client.PostAsJsonAsync("/api/v1/deals", new { title = "To be lost", currency = "USD" }, Ct);
        var url = $"/api/v1/deals/{(await created.JsonAsync()).Id()}/moves";

        var noReason = await client.SendAsync(HttpMethod.Post, url, new { stageId = lost }, created.Etag());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.StartsWith("Say why the deal was lost.", await noReason.FieldErrorAsync("lostReasonId"));
        var both = await client.SendAsync(HttpMethod.Post, url, new { stageId = lost, lostReasonId = reason.Id(), lostNote = "Also this" }, created.Etag());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, both.StatusCode);
        Assert.True((await both.ProblemAsync()).GetProperty("errors").TryGetProperty("lostNote", out _));

        var listed = await client.SendAsync(HttpMethod.Post, url, new { stageId = lost, lostReasonId = reason.Id() }, created.Etag());
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var deal = await listed.JsonAsync();
        Assert.Equal("lost", deal.GetProperty("status").GetString());
        Assert.Equal(reason.GetProperty("name").GetString(), deal.GetProperty("lostReason").GetString());
        Assert.Equal(reason.Id(), deal.GetProperty("lostReasonId").GetGuid());

        var reopened = await client.SendAsync(HttpMethod.Post, url, new { stageId = pipeline.StageOfKind("open") }, listed.Etag());
        Assert.Equal(JsonValueKind.Null, (await reopened.JsonAsync()).GetProperty("lostReason").ValueKind);
        var noted = await client.SendAsync(HttpMethod.Post, url, new { stageId = lost, lostNote = "Budget frozen" }, reopened.Etag());
        var notedDeal = await noted.JsonAsync();
        Assert.Equal("Budget frozen", notedDeal.GetProperty("lostReason").GetString());
        Assert.Equal(JsonValueKind.Null, notedDeal.GetProperty("lostReasonId").ValueKind);
    }

    [Fact]
    public async Task A_move_needs_the_current_etag_a_stage_of_the_deals_pipeline_and_a_reason_of_it()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var pipeline = await client.DefaultPipelineAsync();
        var created = await client.PostAsJsonAsync("/api/v1/deals", new { title = "Carefully moved", currency = "USD" }, Ct);
        var url = $"/api/v1/deals/{(await created.JsonAsync()).Id()}/moves";
        var second = pipeline.GetProperty("stages")[1].Id();

        Assert.Equal(HttpStatusCode.PreconditionRequired, (await client.SendAsync(HttpMethod.Post, url, new { stageId = second })).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(HttpMethod.Post, url, new { stageId = second }, "\"1\"")).StatusCode);
        Assert.Equal("Choose the stage to move the deal to.",
            await (await client.SendAsync(HttpMethod.Post, url, new { }, created.Etag())).FieldErrorAsync("stageId"));

        var (tenant, otherKey) = await site.MintKeyInNewTenantAsync(ReadWrite);
        using var other = site.Client(otherKey);
        var theirPipeline = await other.DefaultPipelineAsync();
        var foreignStage = await client.SendAsync(HttpMethod.Post, url, new { stageId = theirPipeline.StageOfKind("won") }, created.Etag());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, foreignStage.StatusCode);
        Assert.Contains("not part of the", await foreignStage.FieldErrorAsync("stageId"));
        await using (var theirs = await DbSession.OpenAsync(site.App.AppConnectionString, tenant.Id, tenant.OwnerId))
        {
            var theirReason = await theirs.ScalarAsync<Guid>("select id from lost_reasons limit 1");
            var foreignReason = await client.SendAsync(HttpMethod.Post, url,
                new { stageId = pipeline.StageOfKind("lost"), lostReasonId = theirReason }, created.Etag());
            Assert.Equal("That reason is no longer on the list; choose another.", await foreignReason.FieldErrorAsync("lostReasonId"));
        }

        var moved = await client.SendAsync(HttpMethod.Post, url, new { stageId = second }, created.Etag());
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var replayed = await client.SendAsync(HttpMethod.Post, url, new { stageId = pipeline.StageOfKind("won") }, created.Etag());
        Assert.Equal(HttpStatusCode.PreconditionFailed, replayed.StatusCode);
        Assert.Equal(second, (await client.GetAsync(url.Replace("/moves", ""), Ct).JsonAsync()).GetProperty("stageId").GetGuid());
    }

    [Fact]
    public async Task Another_tenants_deal_has_no_moves_to_read_or_make_and_a_read_only_key_may_not_move()
    {
        using var mine = site.Client(await site.MintKeyAsync(ReadWrite));
        var created = await mine.PostAsJsonAsync("/api/v1/deals", new { title = "Mine to move", currency = "USD" }, Ct);
        var url = $"/api/v1/deals/{(await created.JsonAsync()).Id()}/moves";
        var won = (await mine.DefaultPipelineAsync()).StageOfKind("won");
        var (_, otherKey) = await site.MintKeyInNewTenantAsync(ReadWrite);
        using var other = site.Client(otherKey);

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url, Ct)).StatusCode);
        var foreignMove = await other.SendAsync(HttpMethod.Post, url, new { stageId = won }, created.Etag());
        Assert.Equal("There is no deal with this id.", (await foreignMove.ProblemAsync()).GetProperty("detail").GetString());

        using var reader = site.Client(await site.MintKeyAsync(["deals:read"]));
        var refused = await reader.SendAsync(HttpMethod.Post, url, new { stageId = won }, created.Etag());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(url, Ct)).StatusCode);
        Assert.Equal("open", (await mine.GetAsync(url.Replace("/moves", ""), Ct).JsonAsync()).GetProperty("status").GetString());
    }

    private async Task<Guid> DemoTenantIdAsync()
    {
        await using var owner = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Owner);
        return await owner.ScalarAsync<Guid>("select NULLIF(current_setting('app.tenant_id'), '')::uuid");
    }
}

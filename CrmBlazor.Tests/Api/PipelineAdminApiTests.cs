using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrmBlazor.Features.Admin.Pipelines;
using CrmBlazor.Features.Api.Pipelines;

namespace CrmBlazor.Tests.Api;

/// <summary>
/// The rest of Admin → Pipelines over real HTTP: the default pipeline, a stage on its own, the stages' order and the
/// lost reasons, each through PipelineAdminService with its rules, Owners' and Admins' keys only.
/// </summary>
public sealed class PipelineAdminApiTests(ApiSite site) : IClassFixture<ApiSite>
{
    private static readonly string[] ReadWrite = ["pipelines:write", "deals:write"];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_pipeline_made_the_default_takes_new_deals_and_the_old_default_stops_being_it()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var before = await client.DefaultPipelineAsync();
        var pipeline = await client.NewPipelineAsync();
        using var member = site.Client(await site.MintMemberKeyAsync(["pipelines:write"]));
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsync($"/api/v1/pipelines/{pipeline.Id()}/default", null, Ct)).StatusCode);
        var (_, otherKey) = await site.MintKeyInNewTenantAsync(["pipelines:write"]);
        using var other = site.Client(otherKey);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/v1/pipelines/{pipeline.Id()}/default", null, Ct)).StatusCode);
        Assert.Equal(before.Id(), (await client.DefaultPipelineAsync()).Id());

        var made = await client.PostAsync($"/api/v1/pipelines/{pipeline.Id()}/default", null, Ct);
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        Assert.True((await made.JsonAsync()).GetProperty("isDefault").GetBoolean());
        Assert.Equal(pipeline.Id(), (await client.DefaultPipelineAsync()).Id());
        var deal = await client.PostAsJsonAsync("/api/v1/deals", new { title = "Where by default", currency = "USD" }, Ct).JsonAsync();
        Assert.Equal(pipeline.Id(), deal.GetProperty("pipelineId").GetGuid());
        // The default pipeline's rules move with it: it stays.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.DeleteAsync($"/api/v1/pipelines/{pipeline.Id()}", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/pipelines/{before.Id()}/default", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_stage_is_read_on_its_own_with_its_etag_and_is_a_404_under_another_pipeline_or_tenant()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var pipeline = await client.NewPipelineAsync();
        var added = await client.PostAsJsonAsync($"/api/v1/pipelines/{pipeline.Id()}/stages", new { name = "Demo booked" }, Ct);
        var stage = await added.JsonAsync();

        var read = await client.GetAsync(added.Headers.Location, Ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal($"/api/v1/pipelines/{pipeline.Id()}/stages/{stage.Id()}", added.Headers.Location?.OriginalString);
        Assert.Equal(added.Etag(), read.Etag());
        Assert.Equal("Demo booked", (await read.JsonAsync()).GetProperty("name").GetString());

        var elsewhere = await client.GetAsync($"/api/v1/pipelines/{(await client.DefaultPipelineAsync()).Id()}/stages/{stage.Id()}", Ct);
        Assert.Equal("There is no stage with this id.", (await elsewhere.ProblemAsync()).GetProperty("detail").GetString());
        var (_, otherKey) = await site.MintKeyInNewTenantAsync(["pipelines:read"]);
        using var other = site.Client(otherKey);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(added.Headers.Location, Ct)).StatusCode);
    }

    [Fact]
    public async Task Stages_are_reordered_as_listed_with_the_closed_ones_last_and_an_incomplete_list_is_refused()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var pipeline = await client.NewPipelineAsync();
        var url = $"/api/v1/pipelines/{pipeline.Id()}/stages/order";
        var stages = pipeline.GetProperty("stages").EnumerateArray().Select(s => (Id: s.Id(), Kind: s.GetProperty("kind").GetString())).ToList();
        var open = stages.Where(s => s.Kind == "open").Select(s => s.Id).ToList();
        var closed = stages.Where(s => s.Kind != "open").Select(s => s.Id).ToList();

        var reversed = open.AsEnumerable().Reverse().Concat(closed).ToList();
        var reordered = await client.SendAsync(HttpMethod.Put, url, new { stageIds = reversed });
        Assert.Equal(HttpStatusCode.OK, reordered.StatusCode);
        Assert.Equal(reversed, (await reordered.JsonAsync()).GetProperty("stages").EnumerateArray().Select(s => s.Id()));
        Assert.Equal(reversed, (await client.GetAsync($"/api/v1/pipelines/{pipeline.Id()}", Ct).JsonAsync()).GetProperty("stages").EnumerateArray().Select(s => s.Id()));

        var wonFirst = await client.SendAsync(HttpMethod.Put, url, new { stageIds = closed.Concat(open) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wonFirst.StatusCode);
        Assert.Equal(PipelineAdminService.OpenStagesFirst, (await wonFirst.ProblemAsync()).GetProperty("detail").GetString());
        var missing = await client.SendAsync(HttpMethod.Put, url, new { stageIds = reversed.Skip(1) });
        Assert.Equal(StageEndpoints.EveryStageOnce, await missing.FieldErrorAsync("stageIds"));
        var twice = await client.SendAsync(HttpMethod.Put, url, new { stageIds = reversed.Skip(1).Prepend(reversed[1]) });
        Assert.Equal(StageEndpoints.EveryStageOnce, await twice.FieldErrorAsync("stageIds"));
        Assert.Equal(reversed, (await client.GetAsync($"/api/v1/pipelines/{pipeline.Id()}", Ct).JsonAsync()).GetProperty("stages").EnumerateArray().Select(s => s.Id()));

        using var member = site.Client(await site.MintMemberKeyAsync(["pipelines:write"]));
        Assert.Equal(HttpStatusCode.Forbidden, (await member.SendAsync(HttpMethod.Put, url, new { stageIds = stages.Select(s => s.Id) })).StatusCode);
        var (_, otherKey) = await site.MintKeyInNewTenantAsync(["pipelines:write"]);
        using var other = site.Client(otherKey);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Put, url, new { stageIds = stages.Select(s => s.Id) })).StatusCode);
    }

    [Fact]
    public async Task Lost_reasons_are_added_renamed_and_removed_and_a_deal_lost_for_one_keeps_its_text()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var pipeline = await client.NewPipelineAsync();
        var url = $"/api/v1/pipelines/{pipeline.Id()}/lost-reasons";

        var added = await client.PostAsJsonAsync(url, new { name = "  Budget frozen " }, Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var reason = await added.JsonAsync();
        Assert.Equal("Budget frozen", reason.GetProperty("name").GetString());
        Assert.Equal("Budget frozen", (await client.GetAsync($"/api/v1/pipelines/{pipeline.Id()}", Ct).JsonAsync())
            .GetProperty("lostReasons").EnumerateArray().Last().GetProperty("name").GetString());
        var duplicate = await client.PostAsJsonAsync(url, new { name = "Budget frozen" }, Ct);
        Assert.Equal(PipelineAdminService.DuplicateLostReason, await duplicate.FieldErrorAsync("name"));
        Assert.Equal(LostReasonForm.MissingName, await (await client.PostAsJsonAsync(url, new { name = " " }, Ct)).FieldErrorAsync("name"));

        var renamed = await client.SendAsync(HttpMethod.Put, $"{url}/{reason.Id()}", new { name = "Budget cut" });
        Assert.Equal("Budget cut", (await renamed.JsonAsync()).GetProperty("name").GetString());

        var created = await client.PostAsJsonAsync("/api/v1/deals", new { title = "Lost for budget", currency = "USD", pipelineId = pipeline.Id() }, Ct);
        var deal = await created.JsonAsync();
        var lost = await client.SendAsync(HttpMethod.Post, $"/api/v1/deals/{deal.Id()}/moves",
            new { stageId = pipeline.StageOfKind("lost"), lostReasonId = reason.Id() }, created.Etag());
        Assert.Equal(HttpStatusCode.OK, lost.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{url}/{reason.Id()}", Ct)).StatusCode);
        var after = await client.GetAsync($"/api/v1/deals/{deal.Id()}", Ct).JsonAsync();
        Assert.Equal("Budget cut", after.GetProperty("lostReason").GetString());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("lostReasonId").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"{url}/{reason.Id()}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Another_pipelines_or_tenants_lost_reason_is_a_404_and_a_members_key_may_not_change_them()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var pipeline = await client.NewPipelineAsync();
        var reason = pipeline.GetProperty("lostReasons")[0];
        var elsewhere = $"/api/v1/pipelines/{(await client.DefaultPipelineAsync()).Id()}/lost-reasons/{reason.Id()}";
        Assert.Equal("There is no lost reason with this id.",
            (await (await client.SendAsync(HttpMethod.Put, elsewhere, new { name = "Moved" })).ProblemAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync(elsewhere, Ct)).StatusCode);

        var url = $"/api/v1/pipelines/{pipeline.Id()}/lost-reasons";
        var (_, otherKey) = await site.MintKeyInNewTenantAsync(["pipelines:write"]);
        using var other = site.Client(otherKey);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync(url, new { name = "Theirs" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"{url}/{reason.Id()}", Ct)).StatusCode);
        using var member = site.Client(await site.MintMemberKeyAsync(["pipelines:write"]));
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsJsonAsync(url, new { name = "Member's" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.DeleteAsync($"{url}/{reason.Id()}", Ct)).StatusCode);

        Assert.Equal(reason.GetProperty("name").GetString(), (await client.GetAsync($"/api/v1/pipelines/{pipeline.Id()}", Ct).JsonAsync())
            .GetProperty("lostReasons")[0].GetProperty("name").GetString());
    }
}

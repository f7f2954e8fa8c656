using System.Net;
using System.Net.Http.Json;
using System.Text;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Api;

/// <summary>The pipelines and stages endpoints over real HTTP: Admin → Pipelines' rules, admins only, every refusal a problem.</summary>
public sealed class PipelineApiTests(ApiSite site) : IClassFixture<ApiSite>
{
    private static readonly string[] ReadWrite = ["pipelines:write", "deals:write"];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pipelines_list_with_their_stages_in_board_order_and_their_lost_reasons()
    {
        using var client = site.Client(await site.MintKeyAsync(["pipelines:read"]));
        var list = await client.GetAsync("/api/v1/pipelines", Ct);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var pipeline = await client.DefaultPipelineAsync();
        var stages = pipeline.GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(stages.Select(s => s.GetProperty("position").GetInt32()).Order(), stages.Select(s => s.GetProperty("position").GetInt32()));
        Assert.Equal(["won", "lost"], stages.Select(s => s.GetProperty("kind").GetString()).SkipWhile(k => k == "open"));
        Assert.NotEqual(0, pipeline.GetProperty("lostReasons").GetArrayLength());

        var read = await client.GetAsync($"/api/v1/pipelines/{pipeline.Id()}", Ct);
        Assert.Equal($"\"{pipeline.GetProperty("version").GetUInt32()}\"", read.Etag());
    }

    [Fact]
    public async Task A_created_pipeline_has_the_starting_stages_and_a_rename_needs_the_current_etag_and_a_free_name()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var name = "Renewals " + Guid.NewGuid().ToString("N")[..6];
        var created = await client.PostAsJsonAsync("/api/v1/pipelines", new { name }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var pipeline = await created.JsonAsync();
        Assert.Equal($"/api/v1/pipelines/{pipeline.Id()}", created.Headers.Location?.OriginalString);
        Assert.False(pipeline.GetProperty("isDefault").GetBoolean());
        Assert.Equal(6, pipeline.GetProperty("stages").GetArrayLength());
        var location = created.Headers.Location!.OriginalString;

        Assert.Equal(HttpStatusCode.PreconditionRequired, (await client.SendAsync(HttpMethod.Put, location, new { name = "Upsells" })).StatusCode);
        var duplicate = await client.PostAsJsonAsync("/api/v1/pipelines", new { name = name.ToUpperInvariant() }, Ct);
        Assert.Equal("A pipeline with this name already exists.", await duplicate.FieldErrorAsync("name"));
        var renamed = await client.SendAsync(HttpMethod.Put, location, new { name = name + " B" }, created.Etag());
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(name + " B", (await renamed.JsonAsync()).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(HttpMethod.Put, location, new { name = name + " C" }, created.Etag())).StatusCode);
        var blank = await client.SendAsync(HttpMethod.Put, location, new { name = "" }, renamed.Etag());
        Assert.Equal("Enter the pipeline's name.", await blank.FieldErrorAsync("name"));
    }

    [Fact]
    public async Task Stages_are_added_before_the_closed_ones_changed_with_their_etag_and_the_last_won_stage_kept()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var pipeline = await client.NewPipelineAsync();
        var url = $"/api/v1/pipelines/{pipeline.Id()}/stages";

        var added = await client.PostAsJsonAsync(url, new { name = "Demo booked", probability = 40 }, Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var stage = await added.JsonAsync();
        var kinds = (await client.GetAsync($"/api/v1/pipelines/{pipeline.Id()}", Ct).JsonAsync()).GetProperty("stages").EnumerateArray()
            .Select(s => (s.Id(), s.GetProperty("kind").GetString())).ToList();
        Assert.Equal((stage.Id(), "open"), kinds[^3]);

        var stageUrl = $"{url}/{stage.Id()}";
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await client.SendAsync(HttpMethod.Put, stageUrl, new { name = "Demo held" })).StatusCode);
        var changed = await client.SendAsync(HttpMethod.Put, stageUrl, new { name = "Demo held", kind = "open", probability = 60, color = "#123456" }, added.Etag());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(60, (await changed.JsonAsync()).GetProperty("probability").GetInt32());
        var badColor = await client.SendAsync(HttpMethod.Put, stageUrl, new { name = "Demo held", kind = "open", probability = 60, color = "blue" }, changed.Etag());
        Assert.Contains("six hex digits", await badColor.FieldErrorAsync("color"));

        // Adding a stage renumbered the closed ones, so the won stage's version is read afresh.
        var won = pipeline.StageOfKind("won");
        var wonStage = (await client.GetAsync($"/api/v1/pipelines/{pipeline.Id()}", Ct).JsonAsync()).GetProperty("stages").EnumerateArray()
            .Single(s => s.Id() == won);
        var lastWon = await client.SendAsync(HttpMethod.Put, $"{url}/{won}",
            new { name = "Closed Won", kind = "open", probability = 100, color = "#66BB6A" }, $"\"{wonStage.GetProperty("version").GetUInt32()}\"");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, lastWon.StatusCode);
        Assert.Contains("at least one won stage", await lastWon.FieldErrorAsync("kind"));
        var deleteWon = await client.DeleteAsync($"{url}/{won}", Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, deleteWon.StatusCode);
        Assert.Contains("at least one won stage", (await deleteWon.ProblemAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Deleting_a_stage_with_deals_needs_a_target_of_its_pipeline_and_moves_them_there()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var pipeline = await client.NewPipelineAsync();
        var stages = pipeline.GetProperty("stages");
        var (doomed, target) = (stages[0].Id(), stages[1].Id());
        var deal = (await client.PostAsJsonAsync("/api/v1/deals", new { title = "Moved off", currency = "USD", stageId = doomed }, Ct).JsonAsync()).Id();
        var url = $"/api/v1/pipelines/{pipeline.Id()}/stages/{doomed}";

        var noTarget = await client.DeleteAsync(url, Ct);
        Assert.Equal("Choose the stage its deals move to.", await noTarget.FieldErrorAsync("targetStageId"));
        var (_, otherKey) = await site.MintKeyInNewTenantAsync(["pipelines:read"]);
        using var other = site.Client(otherKey);
        var foreignTarget = await client.DeleteAsync($"{url}?targetStageId={(await other.DefaultPipelineAsync()).StageOfKind("open")}", Ct);
        Assert.Equal("Choose another stage of this pipeline.", await foreignTarget.FieldErrorAsync("targetStageId"));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{url}?targetStageId={target}", Ct)).StatusCode);
        Assert.Equal(target, (await client.GetAsync($"/api/v1/deals/{deal}", Ct).JsonAsync()).GetProperty("stageId").GetGuid());
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"{url}?targetStageId={target}", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_default_pipeline_and_one_holding_deals_stay_and_an_empty_one_is_deleted()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var byDefault = await client.DefaultPipelineAsync();
        var keepsDefault = await client.DeleteAsync($"/api/v1/pipelines/{byDefault.Id()}", Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, keepsDefault.StatusCode);
        Assert.Equal("The default pipeline stays; make another pipeline the default first.", (await keepsDefault.ProblemAsync()).GetProperty("detail").GetString());

        var withDeal = await client.NewPipelineAsync();
        var deal = await client.PostAsJsonAsync("/api/v1/deals", new { title = "Holds on", currency = "USD", pipelineId = withDeal.Id() }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(deal.Headers.Location, Ct)).StatusCode);
        var holds = await client.DeleteAsync($"/api/v1/pipelines/{withDeal.Id()}", Ct);
        Assert.Contains("holds 1 deal (counting those in the trash)", (await holds.ProblemAsync()).GetProperty("detail").GetString());

        var empty = await client.NewPipelineAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/pipelines/{empty.Id()}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/pipelines/{empty.Id()}", Ct)).StatusCode);
        await using var session = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Owner);
        Assert.Equal(0L, await session.ScalarAsync<long>("select count(*) from pipeline_stages where pipeline_id = @p", ("p", empty.Id())));
        Assert.True(await session.ScalarAsync<bool>(
            "select exists (select from audit_logs where table_name = 'pipelines' and record_id = @p and action = 'delete')", ("p", empty.Id())));
    }

    [Fact]
    public async Task A_members_key_may_read_pipelines_but_not_change_them_and_scopes_are_enforced()
    {
        using var member = site.Client(await site.MintMemberKeyAsync(["pipelines:write"]));
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/api/v1/pipelines", Ct)).StatusCode);
        var refused = await member.PostAsJsonAsync("/api/v1/pipelines", new { name = "Member's own" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Admin", (await refused.ProblemAsync()).GetProperty("detail").GetString());
        var pipeline = await member.DefaultPipelineAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsJsonAsync($"/api/v1/pipelines/{pipeline.Id()}/stages", new { name = "Sneaky" }, Ct)).StatusCode);

        using var reader = site.Client(await site.MintKeyAsync(["pipelines:read"]));
        var readOnly = await reader.PostAsJsonAsync("/api/v1/pipelines", new { name = "Reader's own" }, Ct);
        Assert.Equal("pipelines:write", (await readOnly.ProblemAsync()).GetProperty("requiredScope").GetString());
        using var dealsOnly = site.Client(await site.MintKeyAsync(["deals:write"]));
        Assert.Equal(HttpStatusCode.Forbidden, (await dealsOnly.GetAsync("/api/v1/pipelines", Ct)).StatusCode);
    }

    [Fact]
    public async Task Another_tenants_pipeline_and_stages_are_404s_and_an_unknown_field_a_400()
    {
        using var mine = site.Client(await site.MintKeyAsync(ReadWrite));
        var theirs = await mine.NewPipelineAsync();
        var stage = theirs.GetProperty("stages")[0];
        var (_, otherKey) = await site.MintKeyInNewTenantAsync(["pipelines:write"]);
        using var other = site.Client(otherKey);
        var url = $"/api/v1/pipelines/{theirs.Id()}";
        var etag = $"\"{theirs.GetProperty("version").GetUInt32()}\"";

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.SendAsync(HttpMethod.Put, url, new { name = "Taken" }, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"{url}/stages", new { name = "Theirs" }, Ct)).StatusCode);
        var stageUpdate = await other.SendAsync(HttpMethod.Put, $"{url}/stages/{stage.Id()}",
            new { name = "Taken", kind = "open", probability = 1, color = "#000000" }, $"\"{stage.GetProperty("version").GetUInt32()}\"");
        Assert.Equal("There is no stage with this id.", (await stageUpdate.ProblemAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync($"{url}/stages/{stage.Id()}", Ct)).StatusCode);

        var typo = await mine.PostAsync("/api/v1/pipelines",
            new StringContent("""{"name":"Typo","isDefualt":true}""", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await mine.GetAsync(url, Ct)).StatusCode);
    }
}

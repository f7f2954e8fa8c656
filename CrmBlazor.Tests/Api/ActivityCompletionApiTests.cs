using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrmBlazor.Features.Activities;

namespace CrmBlazor.Tests.Api;

/// <summary>A task marked done and reopened over real HTTP: on the version read, tasks only, another tenant's a 404.</summary>
public sealed class ActivityCompletionApiTests(ApiSite site) : IClassFixture<ApiSite>
{
    private static readonly string[] ReadWrite = ["activities:write"];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_task_is_marked_done_and_reopened_on_its_etag_and_a_stale_one_is_a_412()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var created = await client.PostAsJsonAsync("/api/v1/activities", new { type = "task", subject = "Send quote", dueAt = "2027-01-05T17:00:00Z" }, Ct);
        var url = $"/api/v1/activities/{(await created.JsonAsync()).Id()}";

        var unconditional = await client.SendAsync(HttpMethod.Post, $"{url}/complete", null);
        Assert.Equal(HttpStatusCode.PreconditionRequired, unconditional.StatusCode);
        Assert.Equal("application/problem+json", unconditional.Content.Headers.ContentType?.MediaType);
        var done = await client.SendAsync(HttpMethod.Post, $"{url}/complete", null, created.Etag());
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var task = await done.JsonAsync();
        Assert.True(task.GetProperty("done").GetBoolean());
        var doneAt = task.GetProperty("completedAt").GetDateTimeOffset();
        Assert.Equal($"\"{task.GetProperty("version").GetUInt32()}\"", done.Etag());
        Assert.NotEqual(created.Etag(), done.Etag());

        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.SendAsync(HttpMethod.Post, $"{url}/reopen", null, created.Etag())).StatusCode);
        Assert.True((await client.GetAsync(url, Ct).JsonAsync()).GetProperty("done").GetBoolean());

        // Done twice, it keeps when it was first done.
        var again = await client.SendAsync(HttpMethod.Post, $"{url}/complete", null, done.Etag());
        Assert.Equal(doneAt, (await again.JsonAsync()).GetProperty("completedAt").GetDateTimeOffset());

        var reopened = await client.SendAsync(HttpMethod.Post, $"{url}/reopen", null, again.Etag());
        Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        var open = await reopened.JsonAsync();
        Assert.False(open.GetProperty("done").GetBoolean());
        Assert.Equal(JsonValueKind.Null, open.GetProperty("completedAt").ValueKind);
        Assert.Contains(open.Id(), (await client.GetAsync("/api/v1/activities?done=false&limit=100", Ct).JsonAsync()).Ids());
    }

    [Fact]
    public async Task Only_a_task_is_done_or_reopened_another_tenants_is_a_404_and_a_read_key_may_not()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var logged = await client.PostAsJsonAsync("/api/v1/activities",
            new { type = "call", subject = "Intro call", happenedAt = "2026-11-30T10:00:00Z" }, Ct);
        var call = await logged.JsonAsync();

        var reopenCall = await client.SendAsync(HttpMethod.Post, $"/api/v1/activities/{call.Id()}/reopen", null, logged.Etag());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reopenCall.StatusCode);
        Assert.Equal(ActivityService.OnlyTasksAreDone, (await reopenCall.ProblemAsync()).GetProperty("detail").GetString());
        var still = await client.GetAsync($"/api/v1/activities/{call.Id()}", Ct);
        Assert.Equal(logged.Etag(), still.Etag());
        Assert.True((await still.JsonAsync()).GetProperty("done").GetBoolean());

        var created = await client.PostAsJsonAsync("/api/v1/activities", new { type = "task", subject = "Mine", dueAt = "2027-01-05T17:00:00Z" }, Ct);
        var url = $"/api/v1/activities/{(await created.JsonAsync()).Id()}/complete";
        var (_, otherKey) = await site.MintKeyInNewTenantAsync(ReadWrite);
        using var other = site.Client(otherKey);
        var foreign = await other.SendAsync(HttpMethod.Post, url, null, created.Etag());
        Assert.Equal("There is no activity with this id.", (await foreign.ProblemAsync()).GetProperty("detail").GetString());
        using var reader = site.Client(await site.MintKeyAsync(["activities:read"]));
        var readOnly = await reader.SendAsync(HttpMethod.Post, url, null, created.Etag());
        Assert.Equal("activities:write", (await readOnly.ProblemAsync()).GetProperty("requiredScope").GetString());
        Assert.False((await client.GetAsync(created.Headers.Location, Ct).JsonAsync()).GetProperty("done").GetBoolean());
    }
}

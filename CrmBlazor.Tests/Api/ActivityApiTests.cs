using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CrmBlazor.Features.Api.Activities;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Api;

/// <summary>The activities endpoints' contract over real HTTP: success shapes, every refusal as a problem body, bulk all or none.</summary>
public sealed class ActivityApiTests(ApiSite site) : IClassFixture<ApiSite>
{
    private static readonly string[] ReadWrite = ["activities:write"];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_logged_call_is_created_done_and_a_task_open_each_with_location_and_etag()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var call = await client.PostAsJsonAsync("/api/v1/activities",
            new { type = "call", subject = "Intro call", durationMinutes = 15, outcome = "connected", happenedAt = "2026-11-30T10:00:00Z" }, Ct);

        Assert.Equal(HttpStatusCode.Created, call.StatusCode);
        var logged = await call.JsonAsync();
        Assert.Equal($"/api/v1/activities/{logged.Id()}", call.Headers.Location?.OriginalString);
        Assert.Equal($"\"{logged.GetProperty("version").GetUInt32()}\"", call.Etag());
        Assert.True(logged.GetProperty("done").GetBoolean());
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero), logged.GetProperty("completedAt").GetDateTimeOffset());
        Assert.Equal("connected", logged.GetProperty("outcome").GetString());

        var task = await client.PostAsJsonAsync("/api/v1/activities", new { type = "task", subject = "Send quote", dueAt = "2027-01-05T17:00:00Z" }, Ct);
        var open = await task.JsonAsync();
        Assert.False(open.GetProperty("done").GetBoolean());
        Assert.Equal(JsonValueKind.Null, open.GetProperty("completedAt").ValueKind);
        var read = await client.GetAsync(task.Headers.Location!.OriginalString, Ct);
        Assert.Equal(task.Etag(), read.Etag());
        Assert.Equal("Send quote", (await read.JsonAsync()).GetProperty("subject").GetString());
    }

    [Fact]
    public async Task An_update_needs_the_current_etag_keeps_the_type_and_a_stale_one_is_a_412()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var created = await client.PostAsJsonAsync("/api/v1/activities", new { type = "note", subject = "First words" }, Ct);
        var location = created.Headers.Location!.OriginalString;

        Assert.Equal(HttpStatusCode.PreconditionRequired, (await client.SendAsync(HttpMethod.Put, location, new { subject = "Second" })).StatusCode);
        var retyped = await client.SendAsync(HttpMethod.Put, location, new { type = "call", subject = "Second" }, created.Etag());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, retyped.StatusCode);
        Assert.Contains("keeps the type", await retyped.FieldErrorAsync("type"));

        var updated = await client.SendAsync(HttpMethod.Put, location, new { subject = "Second words", body = "More" }, created.Etag());
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.NotEqual(created.Etag(), updated.Etag());
        Assert.Equal("note", (await updated.JsonAsync()).GetProperty("type").GetString());

        var stale = await client.SendAsync(HttpMethod.Put, location, new { subject = "Third words" }, created.Etag());
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("Second words", (await client.GetAsync(location, Ct).JsonAsync()).GetProperty("subject").GetString());
    }

    [Fact]
    public async Task Bad_values_are_a_422_per_field_and_an_unknown_field_a_400()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var refused = await client.PostAsJsonAsync("/api/v1/activities", new { type = "meeting", subject = " ", outcome = "connected", durationMinutes = 2000 }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var errors = (await refused.ProblemAsync()).GetProperty("errors");
        Assert.Equal("Enter a subject.", errors.GetProperty("subject")[0].GetString());
        Assert.True(errors.TryGetProperty("durationMinutes", out _));

        var untyped = await client.PostAsJsonAsync("/api/v1/activities", new { subject = "No type" }, Ct);
        Assert.Equal("Choose call, email, meeting, note or task.", await untyped.FieldErrorAsync("type"));
        var noOutcome = await client.PostAsJsonAsync("/api/v1/activities", new { type = "task", subject = "Task", outcome = "held" }, Ct);
        Assert.Equal("A task has no outcome.", await noOutcome.FieldErrorAsync("outcome"));

        var typo = await client.PostAsync("/api/v1/activities",
            new StringContent("""{"type":"note","subject":"Typo","bodyy":"x"}""", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/activities?type=fax", Ct)).StatusCode);
    }

    [Fact]
    public async Task Another_tenants_activity_is_a_404_and_its_contact_in_a_body_a_field_error_never_a_500()
    {
        using var mine = site.Client(await site.MintKeyAsync(ReadWrite));
        var theirs = await mine.PostAsJsonAsync("/api/v1/activities", new { type = "note", subject = "Not yours" }, Ct).JsonAsync();
        Guid myContact;
        await using (var owner = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Owner))
            myContact = await owner.AddContactAsync();
        var (_, otherKey) = await site.MintKeyInNewTenantAsync(ReadWrite);
        using var other = site.Client(otherKey);
        var url = $"/api/v1/activities/{theirs.Id()}";

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await other.SendAsync(HttpMethod.Put, url, new { subject = "Taken" }, $"\"{theirs.GetProperty("version").GetUInt32()}\"")).StatusCode);
        Assert.Equal("There is no activity with this id.", (await (await other.DeleteAsync(url, Ct)).ProblemAsync()).GetProperty("detail").GetString());

        var foreignContact = await other.PostAsJsonAsync("/api/v1/activities", new { type = "note", subject = "About them", contactId = myContact }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, foreignContact.StatusCode);
        Assert.Equal("That contact does not exist.", await foreignContact.FieldErrorAsync("contactId"));
        Assert.Equal(HttpStatusCode.OK, (await mine.GetAsync(url, Ct)).StatusCode);
    }

    [Fact]
    public async Task Lists_filter_by_deal_open_or_done_type_and_due_range()
    {
        using var client = site.Client(await site.MintKeyAsync([.. ReadWrite, "deals:write"]));
        var dealId = (await client.PostAsJsonAsync("/api/v1/deals", new { title = "Activities filter", currency = "USD" }, Ct).JsonAsync()).Id();
        var early = await Create(client, new { type = "task", subject = "Early", dealId, dueAt = "2027-02-01T17:00:00Z" });
        var late = await Create(client, new { type = "task", subject = "Late", dealId, dueAt = "2027-02-20T17:00:00Z" });
        var note = await Create(client, new { type = "note", subject = "Noted", dealId });

        Assert.Equal([early, late, note], (await client.GetAsync($"/api/v1/activities?dealId={dealId}", Ct).JsonAsync()).Ids());
        Assert.Equal([early, late], (await client.GetAsync($"/api/v1/activities?dealId={dealId}&done=false", Ct).JsonAsync()).Ids());
        Assert.Equal([note], (await client.GetAsync($"/api/v1/activities?dealId={dealId}&done=true", Ct).JsonAsync()).Ids());
        Assert.Equal([note], (await client.GetAsync($"/api/v1/activities?dealId={dealId}&type=note", Ct).JsonAsync()).Ids());
        Assert.Equal([late], (await client.GetAsync(
            $"/api/v1/activities?dealId={dealId}&dueFrom=2027-02-10T00:00:00Z&dueTo=2027-02-28T00:00:00Z", Ct).JsonAsync()).Ids());
        Assert.Equal([note, late, early], (await client.GetAsync($"/api/v1/activities?dealId={dealId}&sort=-createdAt", Ct).JsonAsync()).Ids());
    }

    [Fact]
    public async Task Cursor_paging_returns_every_activity_once_while_activities_are_added_between_pages()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        for (var i = 0; i < 12; i++) await Create(client, new { type = "note", subject = $"Before {i}" });
        var before = (await client.GetAsync("/api/v1/activities?limit=200", Ct).JsonAsync()).Ids().ToList();
        var added = new List<Guid>();
        var seen = await client.AllIdsAsync("/api/v1/activities?sort=updatedAt", 5, async () =>
        {
            if (added.Count < 3) added.Add(await Create(client, new { type = "note", subject = $"Inserted {added.Count}" }));
        });

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(before.Except(seen));
        Assert.Empty(added.Except(seen));
    }

    [Fact]
    public async Task A_deleted_activity_is_gone_from_the_api_and_in_the_trash_and_a_read_key_may_not_write()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var created = await client.PostAsJsonAsync("/api/v1/activities", new { type = "note", subject = "Binned" }, Ct);
        var location = created.Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(location, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(location, Ct)).StatusCode);
        await using (var session = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Owner))
            Assert.True(await session.ScalarAsync<bool>("select deleted_at is not null from activities where id = @id", ("id", (await created.JsonAsync()).Id())));

        using var reader = site.Client(await site.MintKeyAsync(["activities:read"]));
        var refused = await reader.PostAsJsonAsync("/api/v1/activities", new { type = "note", subject = "Reader" }, Ct);
        Assert.Equal("activities:write", (await refused.ProblemAsync()).GetProperty("requiredScope").GetString());
        using var dealsOnly = site.Client(await site.MintKeyAsync(["deals:read"]));
        Assert.Equal(HttpStatusCode.Forbidden, (await dealsOnly.GetAsync("/api/v1/activities", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_bulk_create_saves_them_all_in_order_or_with_one_bad_record_none()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var batch = Guid.NewGuid().ToString("N")[..8];
        var records = Enumerable.Range(0, 1000).Select(i => new { type = "note", subject = $"Bulk {batch} {i:D4}" }).ToArray();
        var created = await client.PostAsJsonAsync("/api/v1/activities/bulk", new { records }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(records.Select(r => r.subject),
            (await created.JsonAsync()).GetProperty("data").EnumerateArray().Select(a => a.GetProperty("subject").GetString()));

        var refusedBatch = Guid.NewGuid().ToString("N")[..8];
        var withBad = Enumerable.Range(0, 300)
            .Select(i => new { type = i == 299 ? "fax" : "note", subject = $"Refused {refusedBatch} {i}" }).ToArray();
        var refused = await client.PostAsJsonAsync("/api/v1/activities/bulk", new { records = withBad }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await refused.ProblemAsync();
        Assert.Equal(299, problem.GetProperty("index").GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty("records[299].type", out _));
        var withNull = await client.PostAsJsonAsync("/api/v1/activities/bulk", new { records = new object?[] { new { type = "note", subject = "Fine" }, null } }, Ct);
        Assert.Equal(ActivityInput.TypeNeeded, await withNull.FieldErrorAsync("records[1].type"));
        await using var session = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Owner);
        Assert.Equal(0L, await session.ScalarAsync<long>("select count(*) from activities where subject like @s", ("s", $"Refused {refusedBatch}%")));
        Assert.Equal(1000L, await session.ScalarAsync<long>("select count(*) from activities where subject like @s", ("s", $"Bulk {batch}%")));
    }

    private static async Task<Guid> Create(HttpClient client, object activity)
    {
        var created = await client.PostAsJsonAsync("/api/v1/activities", activity, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync()).Id();
    }
}

using CrmBlazor.Features.Webhooks;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Webhooks;

/// <summary>
/// Events come from the database: every change of a contact, company, deal or activity, whatever path
/// wrote it, writes its event in its own transaction, and the dispatcher delivers it to a receiver.
/// </summary>
public sealed class WebhookEventTests(CrmDatabase database) : IClassFixture<CrmDatabase>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private CrmAppFactory app = default!;
    private WebhookReceiver receiver = default!;

    public async ValueTask InitializeAsync()
    {
        receiver = await WebhookReceiver.StartAsync();
        app = new CrmAppFactory(database.AppConnectionString, settings: WebhookSteps.FastSettings());
        await app.SeedDemoAsync();
        // The class shares one database: earlier tests' endpoints would subscribe this test's tenant to their events.
        await using var session = await DemoTenant.OpenSessionAsync(app, DemoTenant.Member);
        await session.ExecuteAsync("update webhook_endpoints set enabled = false where enabled");
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await receiver.DisposeAsync();
    }

    private async Task<ReceivedRequest> EventForAsync(string type, Guid recordId) =>
        (await receiver.WaitForAsync(seen => seen.Any(r => Is(r, type, recordId)))).First(r => Is(r, type, recordId));

    private static bool Is(ReceivedRequest r, string type, Guid recordId) =>
        r.EventType == type && r.Json.GetProperty("data").GetProperty("id").GetGuid() == recordId;

    [Fact]
    public async Task Every_change_of_a_contact_company_deal_and_activity_is_delivered_as_its_event()
    {
        await WebhookSteps.AddEndpointAsync(app, receiver.Url);
        await using var session = await DemoTenant.OpenSessionAsync(app, DemoTenant.Member);

        var contact = await session.AddContactAsync(email: "ada.webhook@example.com");
        var created = await EventForAsync("contact.created", contact);
        Assert.Equal(created.EventId, created.Json.GetProperty("id").GetString());
        Assert.Equal("contact.created", created.Json.GetProperty("type").GetString());
        Assert.True(created.Json.TryGetProperty("occurredAt", out _));
        Assert.Equal("ada.webhook@example.com", created.Json.GetProperty("data").GetProperty("email").GetString());
        Assert.False(created.Json.GetProperty("data").TryGetProperty("tenantId", out _));

        await session.ExecuteAsync("update contacts set job_title = 'Countess' where id = @id", ("id", contact));
        Assert.Equal("Countess", (await EventForAsync("contact.updated", contact)).Json.GetProperty("data").GetProperty("jobTitle").GetString());
        await session.ExecuteAsync("update contacts set deleted_at = now() where id = @id", ("id", contact));
        await EventForAsync("contact.deleted", contact);

        var company = await session.AddCompanyAsync();
        await EventForAsync("company.created", company);
        await session.ExecuteAsync("update companies set industry = 'Looms' where id = @id", ("id", company));
        await EventForAsync("company.updated", company);

        var pipeline = await session.ScalarAsync<Guid>("select id from pipelines where is_default");
        var ids = await session.ListAsync<Guid>("select id from pipeline_stages where pipeline_id = @p order by position", ("p", pipeline));
        var names = await session.ListAsync<string>("select name from pipeline_stages where pipeline_id = @p order by position", ("p", pipeline));
        var kinds = await session.ListAsync<string>("select kind from pipeline_stages where pipeline_id = @p order by position", ("p", pipeline));
        var stages = ids.Select((id, i) => (Id: id, Name: names[i], Kind: kinds[i])).ToList();
        var deal = await session.AddDealAsync(new TestPipeline(pipeline, stages.Select(s => s.Id).ToArray()));
        await EventForAsync("deal.created", deal);
        await session.ExecuteAsync("update deals set stage_id = @s, rank = @r where id = @id", ("s", stages[1].Id), ("r", Guid.NewGuid().ToString("N")), ("id", deal));
        var moved = (await EventForAsync("deal.stage_changed", deal)).Json.GetProperty("data");
        Assert.Equal(stages[0].Name, moved.GetProperty("fromStage").GetProperty("name").GetString());
        Assert.Equal(stages[1].Id, moved.GetProperty("toStage").GetProperty("id").GetGuid());
        var won = stages.First(s => s.Kind == "won");
        await session.ExecuteAsync("update deals set stage_id = @s, rank = @r, closed_at = now() where id = @id", ("s", won.Id), ("r", Guid.NewGuid().ToString("N")), ("id", deal));
        Assert.Equal("won", (await EventForAsync("deal.won", deal)).Json.GetProperty("data").GetProperty("toStage").GetProperty("kind").GetString());
        var lost = stages.First(s => s.Kind == "lost");
        await session.ExecuteAsync("update deals set stage_id = @s, rank = @r where id = @id", ("s", lost.Id), ("r", Guid.NewGuid().ToString("N")), ("id", deal));
        Assert.Equal(won.Id, (await EventForAsync("deal.lost", deal)).Json.GetProperty("data").GetProperty("fromStage").GetProperty("id").GetGuid());

        var activity = await session.AddActivityAsync();
        await EventForAsync("activity.created", activity);
        await session.ExecuteAsync("update activities set subject = 'Called back' where id = @id", ("id", activity));
        await EventForAsync("activity.updated", activity);
        await session.ExecuteAsync("update activities set deleted_at = now() where id = @id", ("id", activity));
        await EventForAsync("activity.deleted", activity);
    }

    [Fact]
    public async Task A_restore_is_an_update_and_a_change_of_only_the_stamps_or_of_a_row_in_the_trash_is_no_event()
    {
        await WebhookSteps.AddEndpointAsync(app, receiver.Url, "contact.updated", "contact.deleted");
        await using var session = await DemoTenant.OpenSessionAsync(app, DemoTenant.Member);
        var contact = await session.AddContactAsync();

        await session.ExecuteAsync("update contacts set updated_at = now() where id = @id", ("id", contact));
        await session.ExecuteAsync("update contacts set deleted_at = now() where id = @id", ("id", contact));
        await session.ExecuteAsync("update contacts set notes = 'edited in the trash' where id = @id", ("id", contact));
        await session.ExecuteAsync("update contacts set deleted_at = null where id = @id", ("id", contact));

        Assert.Equal(["contact.deleted", "contact.updated"], await session.ListAsync<string>(
            "select type from outbox where record_id = @id order by occurred_at, type", ("id", contact)));
        await EventForAsync("contact.updated", contact);
    }

    [Fact]
    public async Task A_rolled_back_change_writes_and_sends_no_event()
    {
        await WebhookSteps.AddEndpointAsync(app, receiver.Url, "contact.created");
        await using var session = await DemoTenant.OpenSessionAsync(app, DemoTenant.Member);

        await session.ExecuteAsync("begin");
        var rolledBack = await session.AddContactAsync();
        Assert.Equal(1L, await session.CountAsync("outbox where record_id = @id", ("id", rolledBack)));
        await session.ExecuteAsync("rollback");
        var committed = await session.AddContactAsync();
        await EventForAsync("contact.created", committed);

        Assert.Equal(0L, await session.CountAsync("outbox where record_id = @id", ("id", rolledBack)));
        Assert.DoesNotContain(receiver.Requests, r => r.Json.GetProperty("data").GetProperty("id").GetGuid() == rolledBack);
    }

    [Fact]
    public async Task A_tenant_without_an_enabled_endpoint_for_the_event_writes_nothing_even_for_a_bulk_insert()
    {
        var (endpoint, _) = await WebhookSteps.AddEndpointAsync(app, receiver.Url, "company.created");
        await using var session = await DemoTenant.OpenSessionAsync(app, DemoTenant.Member);
        var before = await session.CountAsync("outbox");

        await session.ExecuteAsync("""
            insert into contacts (first_name, last_name, email)
            select 'Bulk', 'Row ' || n, 'bulk' || n || '.' || gen_random_uuid() || '@example.com' from generate_series(1, 1000) n
            """);
        Assert.Equal(before, await session.CountAsync("outbox"));

        await session.ExecuteAsync("update webhook_endpoints set enabled = false where id = @id", ("id", endpoint));
        await session.AddCompanyAsync();
        Assert.Equal(before, await session.CountAsync("outbox"));
    }

    [Fact]
    public async Task The_event_names_the_app_offers_are_the_ones_the_database_accepts()
    {
        await using var session = await DemoTenant.OpenSessionAsync(app, DemoTenant.Admin);
        Assert.Equal(WebhookEvents.All, await session.ScalarAsync<string[]>("select crm_webhook_event_names()"));
    }
}

using System.Text;
using CrmBlazor.Features.Webhooks;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CrmBlazor.Tests.Webhooks;

/// <summary>
/// How the dispatcher delivers: signed, retried with backoff while the receiver fails, dead after the
/// retry window, the endpoint disabled and its admins mailed when it fails a whole window, and never
/// one event twice at the same time when several dispatchers share the outbox. The app runs no
/// dispatcher of its own (Webhooks:RunDispatcher=false): each test starts the ones it needs.
/// </summary>
public sealed class WebhookDeliveryTests(CrmDatabase database) : IClassFixture<CrmDatabase>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private CrmAppFactory app = default!;
    private WebhookReceiver receiver = default!;
    private readonly List<WebhookDispatcher> dispatchers = [];

    public async ValueTask InitializeAsync()
    {
        receiver = await WebhookReceiver.StartAsync();
        app = new CrmAppFactory(database.AppConnectionString, settings: WebhookSteps.FastSettings(runDispatcher: false));
        await app.SeedDemoAsync();
        // The class shares one database: each test starts with no endpoint (their deliveries go with them).
        await using var session = await DemoTenant.OpenSessionAsync(app, DemoTenant.Admin);
        await session.ExecuteAsync("delete from webhook_endpoints");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dispatcher in dispatchers) await dispatcher.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
        await receiver.DisposeAsync();
    }

    private async Task<WebhookDispatcher> StartDispatcherAsync(CrmAppFactory? of = null)
    {
        var dispatcher = ActivatorUtilities.CreateInstance<WebhookDispatcher>((of ?? app).Services);
        dispatchers.Add(dispatcher);
        await ((IHostedService)dispatcher).StartAsync(Ct);
        return dispatcher;
    }

    [Fact]
    public async Task The_signature_verifies_with_the_endpoints_secret_and_not_for_a_tampered_body()
    {
        var (_, secret) = await WebhookSteps.AddEndpointAsync(app, receiver.Url, "contact.created");
        await StartDispatcherAsync();
        await using var session = await DemoTenant.OpenSessionAsync(app, DemoTenant.Member);
        await session.AddContactAsync();

        var request = (await receiver.WaitForAsync(seen => seen.Count > 0))[0];

        Assert.True(long.TryParse(request.Timestamp, out var timestamp));
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - timestamp, -5, 60);
        Assert.StartsWith($"t={request.Timestamp},v1=", request.Signature);
        Assert.True(WebhookSignature.Verify(secret, request.Signature, request.Body));
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(request.Body).Replace("\"contact.created\"", "\"contact.deleted\""));
        Assert.False(WebhookSignature.Verify(secret, request.Signature, tampered));
        Assert.False(WebhookSignature.Verify(WebhookSecrets.New(), request.Signature, request.Body));
        Assert.False(WebhookSignature.Verify(secret, request.Signature.Replace($"t={request.Timestamp}", $"t={timestamp + 1}"), request.Body));
    }

    [Fact]
    public async Task A_receiver_that_fails_gets_retries_with_growing_delays_and_then_the_event()
    {
        var failures = 3;
        receiver.Answer = _ => Interlocked.Decrement(ref failures) >= 0 ? 500 : 200;
        await WebhookSteps.AddEndpointAsync(app, receiver.Url, "company.created");
        await StartDispatcherAsync();
        await using var session = await DemoTenant.OpenSessionAsync(app, DemoTenant.Admin);
        await session.AddCompanyAsync();

        var requests = await receiver.WaitForAsync(seen => seen.Count == 4);
        Assert.Single(requests.Select(r => r.EventId).Distinct());
        // Backoff: about 0.3 s, 0.6 s, then 1 s (the cap) apart, each give or take a quarter.
        var gaps = requests.Zip(requests.Skip(1), (a, b) => (b.At - a.At).TotalSeconds).ToList();
        Assert.All(gaps.Zip([0.3, 0.6, 1.0]), g => Assert.True(g.First >= 0.75 * g.Second - 0.02, $"retried after {g.First:0.00} s, not about {g.Second} s"));
        await WebhookSteps.WaitForCountAsync(session, "webhook_deliveries where status = 'delivered' and attempts = 4 and last_status_code = 200", 1);
        Assert.Equal(1L, await session.CountAsync("webhook_deliveries"));
        Assert.Equal(1L, await session.CountAsync("webhook_endpoints where enabled"));
    }

    [Fact]
    public async Task Past_the_retry_window_a_delivery_is_dead_and_an_endpoint_that_failed_all_along_is_disabled_audited_and_its_admins_mailed()
    {
        receiver.Answer = _ => 503;
        var (endpoint, _) = await WebhookSteps.AddEndpointAsync(app, receiver.Url, "contact.created");
        // A node whose retry window is 3 seconds: it mails, so the mail is looked for in its sink.
        await using var shortWindow = new CrmAppFactory(database.AppConnectionString,
            settings: WebhookSteps.FastSettings(runDispatcher: false, retryWindow: TimeSpan.FromSeconds(3)));
        var dispatcher = await StartDispatcherAsync(shortWindow);
        await using var session = await DemoTenant.OpenSessionAsync(app, DemoTenant.Admin);
        try
        {
            await session.AddContactAsync();
            await WebhookSteps.WaitForCountAsync(session, "webhook_endpoints where id = @id and not enabled and disabled_reason like '%503%'", 1, parameters: ("id", endpoint));
            foreach (var admin in new[] { DemoTenant.Owner, DemoTenant.Admin })
                Assert.Contains(receiver.Url, (await shortWindow.Mail.WaitForAsync(admin, "webhook endpoint was turned off", Ct)).Text);
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
            dispatchers.Remove(dispatcher);
        }
        Assert.Equal(1L, await session.CountAsync("webhook_deliveries where status = 'dead' and attempts > 1 and last_status_code = 503"));
        Assert.True(receiver.Requests.Count > 1);
        Assert.Equal(1L, await session.CountAsync("""
            audit_logs where table_name = 'webhook_endpoints' and record_id = @id and action = 'update'
              and new_data ->> 'enabled' = 'false' and not (new_data ? 'secret_protected') and not (old_data ? 'secret_protected')
            """, ("id", endpoint)));

        // Turned off, it gets no new events; turned on again, the banner's reason is gone.
        await session.AddContactAsync();
        Assert.Equal(1L, await session.CountAsync("webhook_deliveries"));
        await using var scope = await DemoTenant.ActAsAsync(app, DemoTenant.Admin);
        Assert.True((await scope.ServiceProvider.GetRequiredService<WebhookService>().SetEnabledAsync(endpoint, true, Ct)).Succeeded);
        Assert.Equal(1L, await session.CountAsync("webhook_endpoints where enabled and disabled_reason is null"));
    }

    [Fact]
    public async Task Two_dispatchers_draining_500_events_deliver_each_event_exactly_once()
    {
        await WebhookSteps.AddEndpointAsync(app, receiver.Url, "contact.created");
        await using var session = await DemoTenant.OpenSessionAsync(app, DemoTenant.Member);
        await session.ExecuteAsync("""
            insert into contacts (first_name, last_name, email)
            select 'Many', 'Row ' || n, 'many' || n || '.' || gen_random_uuid() || '@example.com' from generate_series(1, 500) n
            """);
        var events = (await session.ListAsync<Guid>("select event_id from webhook_deliveries")).Select(id => id.ToString()).ToHashSet();
        Assert.Equal(500, events.Count);

        await Task.WhenAll(StartDispatcherAsync(), StartDispatcherAsync());
        await WebhookSteps.WaitForCountAsync(session, "webhook_deliveries where status = 'delivered'", 500, TimeSpan.FromSeconds(60));

        var received = receiver.Requests.Select(r => r.EventId).ToList();
        Assert.Equal(500, received.Count);
        Assert.True(events.SetEquals(received));
        Assert.Equal(0, receiver.Overlaps);
        Assert.Equal(500L, await session.CountAsync("webhook_deliveries where attempts = 1"));
    }

    [Fact]
    public async Task A_test_event_and_a_redelivery_reach_the_endpoint_with_the_same_event_id()
    {
        var (endpoint, _) = await WebhookSteps.AddEndpointAsync(app, receiver.Url, "deal.won");
        await StartDispatcherAsync();
        await using var scope = await DemoTenant.ActAsAsync(app, DemoTenant.Admin);
        var webhooks = scope.ServiceProvider.GetRequiredService<WebhookService>();

        var sent = await webhooks.SendTestAsync(endpoint, Ct);
        var ping = (await receiver.WaitForAsync(seen => seen.Count == 1))[0];
        Assert.Equal((sent.Id.ToString(), WebhookEvents.Ping), (ping.EventId, ping.EventType));
        await using var session = await DemoTenant.OpenSessionAsync(app, DemoTenant.Admin);
        await WebhookSteps.WaitForCountAsync(session, "webhook_deliveries where status = 'delivered'", 1);

        Assert.True((await webhooks.RedeliverAsync(endpoint, sent.Id!.Value, Ct)).Succeeded);
        var again = await receiver.WaitForAsync(seen => seen.Count == 2);
        Assert.Equal(ping.EventId, again[1].EventId);
        var log = await webhooks.DeliveriesAsync(endpoint, Ct);
        Assert.Equal(WebhookEvents.Ping, Assert.Single(log).Type);
    }
}

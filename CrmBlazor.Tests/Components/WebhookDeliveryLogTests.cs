using Bunit;
using CrmBlazor.Features.Webhooks;
using CrmBlazor.Tests.Infrastructure;
using CrmBlazor.Tests.Webhooks;

namespace CrmBlazor.Tests.Components;

/// <summary>The delivery log under Admin → Webhooks shows what the page asks it to load.</summary>
public sealed class WebhookDeliveryLogTests(CrmDatabase database) : DemoAppBunitContext(database, DemoTenant.Admin)
{
    [Fact]
    public async Task A_test_event_delivered_before_the_page_reloads_the_log_is_shown_at_once()
    {
        // A receiver on loopback can answer before the page's reload: nothing is left pending, so the log's
        // timer never fires, and the reload the page asks for must render by itself.
        var (endpointId, _) = await WebhookSteps.AddEndpointAsync(App, "http://127.0.0.1:9/hook");
        var log = Render<WebhookDeliveryLog>(p => p.Add(l => l.EndpointId, endpointId).Add(l => l.Url, "http://127.0.0.1:9/hook"));
        await log.WaitForAssertionAsync(() => Assert.Contains("No deliveries yet", log.Markup), TimeSpan.FromSeconds(20));

        await using (var db = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin))
            await db.ExecuteAsync("""
                with event as (
                    insert into outbox (tenant_id, type, payload)
                    values (current_setting('app.tenant_id')::uuid, 'ping', '{}') returning tenant_id, id)
                insert into webhook_deliveries (tenant_id, endpoint_id, event_id, status, attempts, last_status_code, last_attempt_at, delivered_at)
                select tenant_id, @endpoint, id, 'delivered', 1, 200, now(), now() from event
                """, ("endpoint", endpointId));
        await log.InvokeAsync(log.Instance.ReloadAsync);

        Assert.Equal("Delivered", log.Find("[data-testid=delivery-status]").TextContent.Trim());
    }
}

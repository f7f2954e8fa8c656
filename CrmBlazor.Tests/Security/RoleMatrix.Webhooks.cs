using CrmBlazor.Features.Webhooks;

namespace CrmBlazor.Tests.Security;

public static partial class RoleMatrix
{
    private static IEnumerable<Access> Webhooks() =>
    [
        Admin("WebhookService.ListAsync", Now(On<WebhookService>(w => w.ListAsync(Ct)))),
        Admin("WebhookService.CreateAsync", Now(On<WebhookService>(w => w.CreateAsync(MatrixEndpoint(), Ct)))),
        Admin("WebhookService.UpdateAsync", async rows =>
        {
            var id = await EndpointAsync(rows);
            var form = WebhookForm.From((await rows.AsOwner<WebhookService>().ListAsync(Ct)).Single(e => e.Id == id));
            return On<WebhookService>(w => w.UpdateAsync(id, form, Ct));
        }),
        Admin("WebhookService.RotateSecretAsync", async rows =>
        {
            var id = await EndpointAsync(rows);
            return On<WebhookService>(w => w.RotateSecretAsync(id, Ct));
        }),
        Admin("WebhookService.SetEnabledAsync", async rows =>
        {
            var id = await EndpointAsync(rows);
            return On<WebhookService>(w => w.SetEnabledAsync(id, false, Ct));
        }),
        Admin("WebhookService.DeleteAsync", async rows =>
        {
            var id = await EndpointAsync(rows);
            return On<WebhookService>(w => w.DeleteAsync(id, Ct));
        }),
        Admin("WebhookService.SendTestAsync", async rows =>
        {
            var id = await EndpointAsync(rows);
            return On<WebhookService>(w => w.SendTestAsync(id, Ct));
        }),
        Admin("WebhookService.DeliveriesAsync", async rows =>
        {
            var id = await EndpointAsync(rows);
            return On<WebhookService>(w => w.DeliveriesAsync(id, Ct));
        }),
        Admin("WebhookService.RedeliverAsync", async rows =>
        {
            var id = await EndpointAsync(rows);
            // A dead delivery: no dispatcher is attempting it, so the redelivery is never refused as in flight.
            var eventId = await rows.Sql.ScalarAsync<Guid>("""
                with event as (
                    insert into outbox (tenant_id, type, payload) values (NULLIF(current_setting('app.tenant_id'), '')::uuid, 'ping', '{}') returning tenant_id, id)
                insert into webhook_deliveries (tenant_id, endpoint_id, event_id, status) select tenant_id, @e, id, 'dead' from event returning event_id
                """, ("e", id));
            return On<WebhookService>(w => w.RedeliverAsync(id, eventId, Ct));
        }),
    ];

    private static WebhookForm MatrixEndpoint() => new() { Url = $"https://example.com/matrix/{MatrixRows.Unique()}", Events = ["contact.created"] };

    private static async Task<Guid> EndpointAsync(MatrixRows rows) =>
        (await rows.AsOwner<WebhookService>().CreateAsync(MatrixEndpoint(), Ct)).Result.Id!.Value;
}

using CrmBlazor.Features.Webhooks;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Webhooks;

/// <summary>Admin → Webhooks' service: the list, edits against the version loaded, secrets kept out of sight, another tenant's endpoints out of reach.</summary>
public sealed class WebhookServiceTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(AsyncServiceScope Scope, WebhookService Service)> AsAdminAsync()
    {
        var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Admin);
        return (scope, scope.ServiceProvider.GetRequiredService<WebhookService>());
    }

    [Fact]
    public async Task The_list_shows_each_endpoint_and_an_edit_made_on_a_stale_version_is_refused()
    {
        var (scope, webhooks) = await AsAdminAsync();
        await using var _ = scope;
        var created = await webhooks.CreateAsync(new WebhookForm { Url = "https://example.com/hooks", Events = ["deal.won", "deal.lost"] }, Ct);
        var row = Assert.Single(await webhooks.ListAsync(Ct), e => e.Id == created.Result.Id);
        Assert.Equal(("https://example.com/hooks", true, 0L), (row.Url, row.Enabled, row.Pending));
        Assert.Equal(["deal.won", "deal.lost"], row.Events);

        var edit = WebhookForm.From(row);
        edit.Events.Add("contact.created");
        Assert.True((await webhooks.UpdateAsync(row.Id, edit, Ct)).Succeeded);
        var stale = await webhooks.UpdateAsync(row.Id, edit, Ct);
        Assert.Equal(WebhookService.ChangedMeanwhile, stale.Problem);
        Assert.Contains("contact.created", Assert.Single(await webhooks.ListAsync(Ct), e => e.Id == row.Id).Events);

        var none = await webhooks.UpdateAsync(row.Id, new WebhookForm { Url = row.Url, Events = [], Version = edit.Version }, Ct);
        Assert.Equal(WebhookForm.NoEvents, none.Errors[nameof(WebhookForm.Events)]);
    }

    [Fact]
    public async Task A_rotated_secret_is_new_and_the_audit_log_records_the_rotation_but_never_a_secret()
    {
        var (scope, webhooks) = await AsAdminAsync();
        await using var _ = scope;
        var created = await webhooks.CreateAsync(new WebhookForm { Url = "https://example.com/rotate", Events = ["contact.created"] }, Ct);
        var rotated = await webhooks.RotateSecretAsync(created.Result.Id!.Value, Ct);

        Assert.StartsWith("whsec_", rotated.Secret);
        Assert.NotEqual(created.Secret, rotated.Secret);
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin);
        var stored = await session.ScalarAsync<string>("select secret_protected from webhook_endpoints where id = @id", ("id", created.Result.Id));
        Assert.DoesNotContain(rotated.Secret!, stored);
        Assert.Equal(2L, await session.CountAsync("audit_logs where table_name = 'webhook_endpoints' and record_id = @id", ("id", created.Result.Id)));
        Assert.Equal(0L, await session.CountAsync("""
            audit_logs where table_name = 'webhook_endpoints' and (new_data ? 'secret_protected' or old_data ? 'secret_protected'
              or new_data::text like '%' || @a || '%' or new_data::text like '%' || @b || '%')
            """, ("a", created.Secret), ("b", rotated.Secret)));
    }

    [Fact]
    public async Task Another_tenants_endpoint_is_out_of_reach_of_every_method()
    {
        var (scope, webhooks) = await AsAdminAsync();
        await using var _ = scope;
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin);
        await session.CreateTenantAsync("Other tenant");
        var theirs = await session.ScalarAsync<Guid>(
            "insert into webhook_endpoints (url, events, secret_protected) values ('https://example.com/theirs', '{contact.created}', 'x') returning id");

        Assert.DoesNotContain(await webhooks.ListAsync(Ct), e => e.Id == theirs);
        Assert.Equal(WebhookService.Gone, (await webhooks.UpdateAsync(theirs, new WebhookForm { Url = "https://example.com/x", Events = ["contact.created"], Version = 1 }, Ct)).Problem);
        Assert.Null((await webhooks.RotateSecretAsync(theirs, Ct)).Secret);
        Assert.True((await webhooks.SetEnabledAsync(theirs, false, Ct)).IsGone);
        Assert.True((await webhooks.SendTestAsync(theirs, Ct)).IsGone);
        Assert.True((await webhooks.DeleteAsync(theirs, Ct)).IsGone);
        Assert.Empty(await webhooks.DeliveriesAsync(theirs, Ct));
        Assert.Equal(1L, await session.CountAsync("webhook_endpoints where id = @id and enabled", ("id", theirs)));
    }
}

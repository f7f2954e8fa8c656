using System.Net;
using CrmBlazor.Features.Webhooks;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Webhooks;

/// <summary>
/// SSRF: with Production's settings (Webhooks:AllowPrivateAddresses false) an endpoint may not point at
/// the server's own networks: refused with a message next to the URL when saved, and refused again when
/// the dispatcher connects, for a URL that got past the form (or a name that resolves elsewhere by then).
/// </summary>
public sealed class WebhookAddressTests(CrmDatabase database) : IClassFixture<CrmDatabase>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private CrmAppFactory app = default!;

    public async ValueTask InitializeAsync()
    {
        var settings = WebhookSteps.FastSettings();
        settings["Webhooks:AllowPrivateAddresses"] = "false";
        app = new CrmAppFactory(database.AppConnectionString, settings: settings);
        await app.SeedDemoAsync();
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://172.20.0.5/hook")]
    [InlineData("https://192.168.1.1/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://[fd00:ec2::254]/")]
    [InlineData("http://[fe80::1]/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    public async Task A_url_pointing_at_a_private_address_is_refused_next_to_the_field_when_saved(string url)
    {
        await using var scope = await DemoTenant.ActAsAsync(app, DemoTenant.Admin);
        var saved = await scope.ServiceProvider.GetRequiredService<WebhookService>().CreateAsync(new WebhookForm { Url = url, Events = ["contact.created"] }, Ct);

        Assert.False(saved.Result.Succeeded);
        Assert.Null(saved.Secret);
        Assert.Contains("may only go to public addresses", saved.Result.Errors[nameof(WebhookForm.Url)]);
    }

    [Theory]
    [InlineData("ftp://example.com/hook")]
    [InlineData("file:///etc/passwd")]
    [InlineData("example.com/hook")]
    public async Task Only_http_and_https_addresses_are_accepted(string url)
    {
        await using var scope = await DemoTenant.ActAsAsync(app, DemoTenant.Admin);
        var saved = await scope.ServiceProvider.GetRequiredService<WebhookService>().CreateAsync(new WebhookForm { Url = url, Events = ["contact.created"] }, Ct);

        Assert.Equal(WebhookAddresses.NotHttp, saved.Result.Errors[nameof(WebhookForm.Url)]);
    }

    [Theory]
    [InlineData("93.184.215.14", false)]
    [InlineData("2606:2800:21f:cb07:6820:80da:af6b:8b2c", false)]
    [InlineData("8.8.8.8", false)]
    [InlineData("100.64.0.1", true)]
    [InlineData("198.18.0.1", true)]
    [InlineData("224.0.0.1", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("64:ff9b::a00:1", true)]
    [InlineData("64:ff9b::808:808", false)]
    public void Public_addresses_are_allowed_and_reserved_ones_are_not(string address, bool forbidden) =>
        Assert.Equal(forbidden, WebhookAddresses.IsForbidden(IPAddress.Parse(address)));

    [Fact]
    public async Task An_endpoint_that_got_past_the_form_is_refused_again_when_the_dispatcher_connects()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var session = await DemoTenant.OpenSessionAsync(app, DemoTenant.Admin);
        // As a name that resolved to a public address when saved and to loopback now would be (DNS rebinding).
        var endpoint = await session.ScalarAsync<Guid>("""
            insert into webhook_endpoints (url, events, secret_protected) values (@url, '{company.created}', @secret) returning id
            """, ("url", $"http://localhost:{receiver.Port}/hook"), ("secret", app.Services.GetRequiredService<WebhookSecrets>().Protect(WebhookSecrets.New())));
        await session.AddCompanyAsync();

        await WebhookSteps.WaitForCountAsync(session,
            "webhook_deliveries where endpoint_id = @e and attempts > 0 and last_error like '%may only go to public addresses%' and last_status_code is null",
            1, parameters: ("e", endpoint));
        Assert.Empty(receiver.Requests);
    }
}

using System.Text.RegularExpressions;
using CrmBlazor.Features.Webhooks;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Webhooks;

public sealed class WebhookAdminFlowTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task An_admin_adds_an_endpoint_sees_its_secret_once_sends_a_test_event_sees_it_delivered_and_redelivers_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Admin, CrmAppFactory.DemoPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();

        await page.GotoAsync("/admin");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Manage webhooks" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Webhooks", Exact = true })).ToBeVisibleAsync();
        await page.WaitForCircuitAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Add endpoint" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("URL").FillAsync("not an address");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog.GetByText(WebhookAddresses.NotHttp)).ToBeVisibleAsync();
        await dialog.GetByLabel("URL").FillAsync(receiver.Url);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);

        var secretField = page.GetByLabel("Signing secret");
        await Expect(secretField).ToHaveValueAsync(new Regex("^whsec_"));
        var secret = await secretField.InputValueAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "I have copied it" }).ClickAsync();
        await Expect(secretField).ToHaveCountAsync(0);

        var endpoint = page.GetByRole(AriaRole.Group, new() { Name = $"Endpoint {receiver.Url}" });
        await endpoint.GetByRole(AriaRole.Button, new() { Name = "Send test event" }).ClickAsync();
        var status = page.GetByTestId("delivery-status");
        await Expect(status).ToHaveTextAsync("Delivered", new() { Timeout = 15_000 });
        var ping = (await receiver.WaitForAsync(seen => seen.Count == 1))[0];
        Assert.Equal(WebhookEvents.Ping, ping.EventType);
        Assert.True(WebhookSignature.Verify(secret, ping.Signature, ping.Body));

        await page.GetByRole(AriaRole.Button, new() { Name = $"Redeliver ping {ping.EventId}" }).ClickAsync();
        var again = await receiver.WaitForAsync(seen => seen.Count == 2);
        Assert.Equal(ping.EventId, again[1].EventId);
        await Expect(status).ToHaveTextAsync("Delivered", new() { Timeout = 15_000 });

        // The secret was shown once: the page never shows it again.
        await page.ReloadAsync();
        await page.WaitForCircuitAsync();
        await Expect(endpoint).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Signing secret")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await page.ContentAsync());
    }
}

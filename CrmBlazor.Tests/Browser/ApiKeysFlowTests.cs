using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

public sealed class ApiKeysFlowTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_creates_a_key_sees_its_secret_once_uses_it_revokes_it_and_the_next_call_is_refused()
    {
        var name = $"Signup form {Guid.NewGuid():N}"[..24];
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Admin, CrmAppFactory.DemoPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await page.GotoAsync("/admin/api-keys");
        await page.WaitForCircuitAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "New API key" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        // Nothing chosen: the errors stand next to the name and the scopes.
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Expect(dialog.GetByText("Choose at least one scope.")).ToBeVisibleAsync();
        await Expect(dialog.GetByText("Name the key after what will use it")).ToBeVisibleAsync();

        // The select may hand its value to the form only after its list has closed (a round trip to the browser), so the
        // scope is chosen first and the name typed after it: the choice has arrived before the click that creates the key.
        await dialog.GetByLabel("Contacts").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Read", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Option)).ToHaveCountAsync(0);
        await dialog.GetByLabel("Name").FillAsync(name);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

        var secretField = dialog.GetByLabel("API key", new() { Exact = true });
        await Expect(secretField).ToHaveValueAsync(new Regex("^crm_[A-Za-z0-9]{10}_[A-Za-z0-9]{40}$"));
        var secret = await secretField.InputValueAsync();
        await Expect(dialog).ToContainTextAsync("it will not be shown again");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Expect(row).ToContainTextAsync($"crm_{secret[4..14]}…");
        await Expect(row).ToContainTextAsync("Contacts: read");
        await Expect(row).ToContainTextAsync("Active");
        Assert.DoesNotContain(secret[15..], await page.ContentAsync());

        using var client = new HttpClient { BaseAddress = new Uri(site.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/contacts?limit=1", Ct)).StatusCode);

        await row.GetByRole(AriaRole.Button, new() { Name = $"Revoke {name}" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog);
        await Expect(confirm).ToContainTextAsync("Calls made with it are refused from now on.");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Revoke", Exact = true }).ClickAsync();
        await Expect(row).ToContainTextAsync("Revoked");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = $"Revoke {name}" })).ToHaveCountAsync(0);

        var refused = await client.GetAsync("/api/v1/contacts?limit=1", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("revoked", await refused.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task A_member_is_not_offered_api_keys_and_meets_access_denied_there()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await page.WaitForCircuitAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Pipeline" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "API keys" })).ToHaveCountAsync(0);

        await page.GotoAsync("/admin/api-keys");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "New API key" })).ToHaveCountAsync(0);
    }
}

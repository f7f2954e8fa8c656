using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

public sealed class SignInTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task Demo_user_signs_in_and_lands_on_the_dashboard_of_their_tenant()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"));
        await page.SignInAsync("demo@crm.local", CrmAppFactory.DemoPassword);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("tenant-name")).ToHaveTextAsync("Acme Demo");
    }

    [Fact]
    public async Task A_wrong_password_is_refused_on_the_login_page()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;

        await page.SignInAsync("demo@crm.local", "not-the-password");

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Invalid email or password");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"));
    }

    [Fact]
    public async Task Dark_mode_is_remembered_for_the_user_across_reloads()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync("demo@crm.local", CrmAppFactory.DemoPassword);
        await page.WaitForCircuitAsync();
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Dark mode" });
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");

        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
        await page.ReloadAsync();

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Dark mode" })).ToHaveAttributeAsync("aria-pressed", "true");
    }

    [Fact]
    public async Task The_signed_in_shell_loads_without_missing_files()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        var missing = new List<string>();
        page.Response += (_, response) => { if (response.Status == 404) missing.Add(response.Url); };

        await page.SignInAsync("demo@crm.local", CrmAppFactory.DemoPassword);
        await page.WaitForCircuitAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Empty(missing);
    }
}

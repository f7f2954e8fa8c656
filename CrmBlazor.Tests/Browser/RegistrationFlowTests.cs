using System.Text.RegularExpressions;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

public sealed class RegistrationFlowTests(CrmDatabase database, Chromium chromium) : IClassFixture<CrmDatabase>, IAsyncLifetime
{
    private CrmAppFactory app = default!;
    private string baseUrl = "";

    public ValueTask InitializeAsync()
    {
        app = new CrmAppFactory(database.AppConnectionString);
        baseUrl = app.StartKestrel();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task A_new_organization_registers_lands_on_its_dashboard_as_owner_signs_out_and_in_again()
    {
        var (context, page) = await chromium.NewPageAsync(baseUrl);
        await using var _ = context;
        var email = $"founder-{Guid.NewGuid():N}@example.com";
        const string password = "Founder-password-1";

        await page.GotoAsync("/Account/Register");
        await page.GetByLabel("Organization").FillAsync("Umbrella Logistics");
        await page.GetByLabel("Full name").FillAsync("Alice Founder");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirm password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("tenant-name")).ToHaveTextAsync("Umbrella Logistics");
        await Expect(page.GetByTestId("user-role")).ToHaveTextAsync("Owner");

        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "User menu" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));

        await page.SignInAsync(email, password);
        await Expect(page.GetByTestId("tenant-name")).ToHaveTextAsync("Umbrella Logistics");
    }

    [Fact]
    public async Task Mismatched_passwords_are_reported_next_to_the_field()
    {
        var (context, page) = await chromium.NewPageAsync(baseUrl);
        await using var _ = context;

        await page.GotoAsync("/Account/Register");
        await page.GetByLabel("Organization").FillAsync("Typo Inc");
        await page.GetByLabel("Full name").FillAsync("Tim Typo");
        await page.GetByLabel("Email").FillAsync($"typo-{Guid.NewGuid():N}@example.com");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("Typo-password-1");
        await page.GetByLabel("Confirm password").FillAsync("Typo-password-2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        await Expect(page.GetByText("The passwords do not match.")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Register"));
    }
}

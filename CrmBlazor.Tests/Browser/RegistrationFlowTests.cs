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
    public async Task A_new_organization_registers_cannot_sign_in_before_confirming_by_mail_then_lands_on_its_dashboard_as_owner()
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
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your mail" })).ToBeVisibleAsync();

        // Before confirming: the same answer as a wrong password.
        await page.SignInAsync(email, password);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Error: Invalid email or password.");

        var mail = await app.Mail.WaitForAsync(email, "Confirm your email", TestContext.Current.CancellationToken);
        Assert.StartsWith(baseUrl + "/Account/ConfirmEmail?userId=", mail.Links.Single());
        await page.GotoAsync(mail.Links.Single());
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("your email is confirmed");

        await page.SignInAsync(email, password);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("tenant-name")).ToHaveTextAsync("Umbrella Logistics");
        await Expect(page.GetByTestId("user-role")).ToHaveTextAsync("Owner");
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

using System.Text.RegularExpressions;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

public sealed class PasswordResetFlowTests(DemoSite site, Chromium chromium, PostgresCluster cluster) : IClassFixture<DemoSite>
{
    private const string Answer = "If an account exists for this email, we sent it a link to choose a new password.";

    [Fact]
    public async Task Forgot_password_mails_a_link_that_sets_a_new_password_to_sign_in_with_once()
    {
        var email = await site.App.RegisterAsync("Forgetful Ltd", "Fay Forgetful");
        const string newPassword = "Remembered-password-2";
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;

        await page.GotoAsync("/Account/Login");
        await page.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" }).ClickAsync();
        // The login page has an Email field too: fill the reset page's, once the navigation has brought it.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Forgot your password?" })).ToBeVisibleAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send reset link" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(Answer);

        var mail = await site.App.Mail.WaitForAsync(email, "Reset your CrmBlazor password", TestContext.Current.CancellationToken);
        var link = mail.Links.Single();
        await page.GotoAsync(link);
        await page.GetByLabel("New password").FillAsync(newPassword);
        await page.GetByLabel("Confirm password").FillAsync(newPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Reset password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Password changed" })).ToBeVisibleAsync();

        await page.SignInAsync(email, NewOrganization.FounderPassword);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Error: Invalid email or password.");
        await page.SignInAsync(email, newPassword);
        await Expect(page.GetByTestId("tenant-name")).ToHaveTextAsync("Forgetful Ltd");

        // The link worked once.
        var (otherContext, other) = await chromium.NewPageAsync(site.BaseUrl);
        await using var __ = otherContext;
        await other.GotoAsync(link);
        await other.GetByLabel("New password").FillAsync("Third-password-33");
        await other.GetByLabel("Confirm password").FillAsync("Third-password-33");
        await other.GetByRole(AriaRole.Button, new() { Name = "Reset password" }).ClickAsync();
        await Expect(other.GetByRole(AriaRole.Alert)).ToHaveTextAsync("This reset link is no longer valid. Ask for a new one.");
    }

    [Fact]
    public async Task An_unknown_email_gets_the_same_answer_and_no_mail()
    {
        var email = $"nobody-{Guid.NewGuid():N}@example.com";
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;

        await page.GotoAsync("/Account/ForgotPassword");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send reset link" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(Answer);
        await Expect(page).ToHaveURLAsync(new Regex("/Account/ForgotPasswordConfirmation$"));
        Assert.DoesNotContain(site.App.Mail.Read(), m => m.To == email);
    }

    [Fact]
    public async Task The_sent_mail_page_is_not_served_outside_development()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;

        var response = await page.GotoAsync("/dev/mail");

        Assert.Equal(404, response!.Status);
        await Expect(page.GetByText("Sent mail")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_local_demo_lists_sent_mail_with_its_links_on_the_sent_mail_page()
    {
        await using var database = new CrmDatabase(cluster);
        await database.InitializeAsync();
        await using var demo = new CrmAppFactory(database.AppConnectionString,
            settings: new Dictionary<string, string> { ["Mail:ShowSentMail"] = "true" });
        var baseUrl = demo.StartKestrel();
        var email = await demo.RegisterAsync("Followed Mail Ltd", "Fran Follow");
        await demo.Mail.WaitForAsync(email, "Confirm your email", TestContext.Current.CancellationToken);
        var (context, page) = await chromium.NewPageAsync(baseUrl);
        await using var _ = context;

        var response = await page.GotoAsync("/dev/mail");

        Assert.Equal(200, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sent mail" })).ToBeVisibleAsync();
        await Expect(page.GetByText($"To {email}")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("Account.ConfirmEmail") })).ToBeVisibleAsync();
    }
}

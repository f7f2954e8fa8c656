using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

public sealed class TwoFactorFlowTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task With_an_authenticator_app_set_up_the_password_alone_does_not_sign_in_and_a_code_does()
    {
        const string email = "sam.chen@crm.local";
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(email, CrmAppFactory.DemoPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        var (key, _) = await page.EnableAuthenticatorAsync();
        await page.SignOutAsync();

        await page.SignInAsync(email, CrmAppFactory.DemoPassword);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/LoginWith2fa"));
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"));

        await page.SignInAsync(email, CrmAppFactory.DemoPassword);
        await page.GetByLabel("Authenticator code").FillAsync(WrongCode(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Error: That code is not valid.");
        await page.GetByLabel("Authenticator code").FillAsync(Totp.CodeFor(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        var trail = await AccountSteps.AuditEventsAsync(site.Database, email);
        Assert.Contains("two_factor.enabled:authenticator,recovery_codes.generated:10 codes", trail);
        Assert.EndsWith("login.two_factor_failed:authenticator,login:authenticator", trail);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once()
    {
        const string email = "alex.admin@crm.local";
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(email, CrmAppFactory.DemoPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        var (_, recoveryCodes) = await page.EnableAuthenticatorAsync();
        await page.SignOutAsync();

        await SignInWithRecoveryCodeAsync(page, email, recoveryCodes[3]);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await page.SignOutAsync();

        await SignInWithRecoveryCodeAsync(page, email, recoveryCodes[3]);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Error: That recovery code is not valid.");
        var trail = await AccountSteps.AuditEventsAsync(site.Database, email);
        Assert.EndsWith("login:recovery_code,logout,login.two_factor_failed:recovery_code", trail);
    }

    private static async Task SignInWithRecoveryCodeAsync(IPage page, string email, string code)
    {
        await page.SignInAsync(email, CrmAppFactory.DemoPassword);
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with a recovery code" }).ClickAsync();
        await page.GetByLabel("Recovery code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>A code no nearby time step gives (Identity accepts a few steps either side for clock drift).</summary>
    private static string WrongCode(string key)
    {
        var near = Enumerable.Range(-5, 11).Select(s => Totp.CodeFor(key, DateTimeOffset.UtcNow.AddSeconds(30 * s))).ToHashSet();
        return Enumerable.Range(0, 1000).Select(i => i.ToString("D6")).First(c => !near.Contains(c));
    }
}

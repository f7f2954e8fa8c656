using System.Text.RegularExpressions;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>Passkeys through Chromium's virtual authenticator (DevTools protocol, WebAuthn domain).</summary>
public sealed class PasskeyFlowTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task A_passkey_added_on_the_profile_signs_in_without_email_or_password()
    {
        const string email = "sam.chen@crm.local";
        // A WebAuthn relying party is a domain: an IP address such as 127.0.0.1 is refused, localhost is allowed over http.
        var (context, page) = await chromium.NewPageAsync(new UriBuilder(site.BaseUrl) { Host = "localhost" }.Uri.ToString().TrimEnd('/'));
        await using var _ = context;
        var devTools = await context.NewCDPSessionAsync(page);
        await devTools.SendAsync("WebAuthn.enable");
        await devTools.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2", ["transport"] = "internal", ["hasResidentKey"] = true,
                ["hasUserVerification"] = true, ["isUserVerified"] = true, ["automaticPresenceSimulation"] = true,
            },
        });

        await page.SignInAsync(email, CrmAppFactory.DemoPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await page.GotoAsync("/Account/Manage");
        await page.GetByRole(AriaRole.Link, new() { Name = "Passkeys" }).ClickAsync();
        await WaitForPasskeyScriptAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Your passkey was added.");
        await Expect(page.GetByRole(AriaRole.Cell, new() { NameRegex = new Regex("^Passkey added ") })).ToBeVisibleAsync();
        await page.SignOutAsync();

        await WaitForPasskeyScriptAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("/Account/"));
        await using var owner = await DbSession.OpenAsync(site.Database.OwnerConnectionString);
        Assert.Equal(1L, await owner.CountAsync("user_passkeys p join users u on u.id = p.user_id where u.normalized_email = upper(@e)", ("e", email)));
        Assert.EndsWith("logout,login:passkey", await AccountSteps.AuditEventsAsync(site.Database, email));
    }

    /// <summary>The button asks for a passkey once its module script has loaded; a click before that posts the form without one.</summary>
    private static Task WaitForPasskeyScriptAsync(IPage page) =>
        page.WaitForFunctionAsync("() => customElements.get('passkey-submit') !== undefined");
}

using System.Text.RegularExpressions;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>The profile's signed-in sessions: each browser is listed, and signing one out (or all) ends it at its next navigation.</summary>
public sealed class SessionsFlowTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task Signing_out_the_other_session_sends_that_browser_back_to_the_sign_in_page()
    {
        var (mineContext, mine) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = mineContext;
        var (otherContext, other) = await chromium.NewPageAsync(site.BaseUrl);
        await using var __ = otherContext;
        await SignInAsync(other, DemoTenant.Admin);
        await SignInAsync(mine, DemoTenant.Admin);

        await mine.GotoAsync("/Account/Manage");
        var sessions = mine.GetByTestId("session");
        await Expect(sessions).ToHaveCountAsync(2);
        await Expect(sessions.Filter(new() { HasText = "This session" })).ToHaveCountAsync(1);
        await sessions.Filter(new() { HasNotText = "This session" }).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(mine.GetByRole(AriaRole.Alert)).ToContainTextAsync("That session has been signed out.");
        await Expect(sessions).ToHaveCountAsync(1);
        await other.GotoAsync("/contacts");
        await Expect(other).ToHaveURLAsync(new Regex("/Account/Login"));
        // This browser is still signed in.
        await mine.GotoAsync("/contacts");
        await Expect(mine).Not.ToHaveURLAsync(new Regex("/Account/Login"));
    }

    [Fact]
    public async Task Signing_out_everywhere_sends_every_browser_back_to_the_sign_in_page()
    {
        var (mineContext, mine) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = mineContext;
        var (otherContext, other) = await chromium.NewPageAsync(site.BaseUrl);
        await using var __ = otherContext;
        await SignInAsync(other, DemoTenant.Member);
        await SignInAsync(mine, DemoTenant.Member);

        await mine.GotoAsync("/Account/Manage");
        await Expect(mine.GetByTestId("session")).ToHaveCountAsync(2);
        await mine.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();

        await Expect(mine).ToHaveURLAsync(new Regex("/Account/Login"));
        await other.GotoAsync("/contacts");
        await Expect(other).ToHaveURLAsync(new Regex("/Account/Login"));
        await mine.GotoAsync("/contacts");
        await Expect(mine).ToHaveURLAsync(new Regex("/Account/Login"));
    }

    [Fact]
    public async Task The_layouts_log_out_posts_its_token_and_signs_out()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await SignInAsync(page, DemoTenant.Viewer);

        await page.GotoAsync("/contacts");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "User menu" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
        await page.GotoAsync("/contacts");
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.SignInAsync(email, CrmAppFactory.DemoPassword);
        await Expect(page.GetByTestId("user-role")).ToBeVisibleAsync();
    }
}

using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Hardening;

/// <summary>An app with a low sign-in limit, served on Kestrel for the browser.</summary>
public sealed class RateLimitedSite(PostgresCluster cluster) : IAsyncLifetime
{
    public const int SignInsPerEmail = 3;

    public CrmDatabase Database { get; } = new(cluster);
    public CrmAppFactory App { get; private set; } = default!;
    public string BaseUrl { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        App = new CrmAppFactory(Database.AppConnectionString, settings: new Dictionary<string, string>
        {
            ["RateLimits:SignInPerEmail:Permits"] = SignInsPerEmail.ToString(),
            ["RateLimits:SignInPerEmail:WindowMinutes"] = "15",
        });
        BaseUrl = App.StartKestrel();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class RateLimitPageTests(RateLimitedSite site, Chromium chromium) : IClassFixture<RateLimitedSite>
{
    [Fact]
    public async Task Too_many_sign_ins_show_the_429_page_with_when_to_try_again()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;

        for (var attempt = 1; attempt <= RateLimitedSite.SignInsPerEmail; attempt++)
        {
            await page.SignInAsync("guessing.someone@example.com", $"wrong-password-{attempt}");
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Invalid email or password");
        }
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.SignInAsync("guessing.someone@example.com", "wrong-password-4"),
            response => response.Request.Method == "POST" && response.Url.Contains("/Account/Login"));

        Assert.Equal(429, refused.Status);
        Assert.NotNull(await refused.HeaderValueAsync("retry-after"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Too many attempts — try again in 15 minutes." })).ToBeVisibleAsync();
        await Expect(page.Locator(".mud-paper")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to log in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeVisibleAsync();
    }
}

using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// One key ring for every node (data protection keys in PostgreSQL): a sign-in cookie issued by one node opens
/// pages on another, as a load balancer that moves a user between nodes needs.
/// </summary>
public sealed class SharedKeysAcrossNodesTests(TwoNodeSite site, Chromium chromium) : IClassFixture<TwoNodeSite>
{
    [Fact]
    public async Task A_sign_in_on_one_node_is_a_sign_in_on_the_other()
    {
        var (context, page) = await chromium.NewPageAsync(site.UrlA);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);

        // Cookies belong to the host, not the port: node B receives node A's cookie and must be able to read it.
        await page.GotoAsync($"{site.UrlB}/contacts");
        await page.WaitForCircuitAsync();
        Assert.StartsWith($"{site.UrlB}/contacts", page.Url);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Contacts", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row).Nth(1)).ToBeVisibleAsync();
    }
}

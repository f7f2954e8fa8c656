using System.Text.RegularExpressions;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>The contacts list's search in Chromium on the demo tenant: a contact clicked while the search is being typed opens.</summary>
public sealed class ContactListSearchTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task A_contact_clicked_while_the_search_is_being_typed_opens_and_stays_open()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await OpenContactsAsync(page);
        var link = ContactLinks(page).Nth(2);
        var name = (await link.TextContentAsync())!.Trim();
        var href = (await link.GetAttributeAsync("href"))!;

        // The search commits when the box loses the focus to the click; its results come after the click.
        await SearchBox(page).FillAsync("Tanaka");
        await link.ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"{Regex.Escape(href)}$"));
        // The contact page has read its timeline: after the list's search and its address had their turn.
        await Expect(page.GetByTestId("timeline-entry").First).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"{Regex.Escape(href)}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();
    }

    private async Task OpenContactsAsync(IPage page)
    {
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);
        await page.GotoAsync("/contacts");
        await page.WaitForCircuitAsync();
        await Expect(ContactLinks(page).First).ToBeVisibleAsync();
    }

    private static ILocator SearchBox(IPage page) => page.GetByLabel("Search", new() { Exact = true });

    private static ILocator ContactLinks(IPage page) => page.GetByRole(AriaRole.Row).GetByRole(AriaRole.Link);
}

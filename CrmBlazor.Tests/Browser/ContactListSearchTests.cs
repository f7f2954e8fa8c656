using System.Text.RegularExpressions;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// The contacts list's search in Chromium on the demo tenant: typos, accents and job titles find the contact
/// meant first; the search stays in the address; and a contact clicked while the search is being typed opens.
/// </summary>
public sealed class ContactListSearchTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task Typos_accents_and_job_titles_find_the_contact_meant_first()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await OpenContactsAsync(page);

        await SearchAsync(page, "Dubios");
        await Expect(ContactLinks(page).First).ToHaveTextAsync(new Regex(" Dubois$"));

        await SearchAsync(page, "Garica");
        await Expect(ContactLinks(page).First).ToHaveTextAsync(new Regex(" Garcia$"));

        await SearchAsync(page, "Muller");
        await Expect(ContactLinks(page).First).ToHaveTextAsync(new Regex(" Müller$"));
        await Expect(ContactLinks(page).Filter(new() { HasTextRegex = new Regex("^Noah Müller$") })).ToHaveCountAsync(1);

        await SearchAsync(page, "Sales Director");
        var first = (await ContactLinks(page).First.TextContentAsync())!.Trim();
        Assert.Equal("Sales Director", await JobTitleAsync(first));
        await Expect(page.GetByTestId("match-hint").First).ToHaveTextAsync("matched on job title");
    }

    [Fact]
    public async Task A_contact_clicked_while_the_search_is_being_typed_opens_and_stays_open()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await OpenContactsAsync(page);
        // The third contact's name (a row's first link; some rows have an email link after it, some not).
        var link = page.GetByRole(AriaRole.Row).Nth(3).GetByRole(AriaRole.Link).First;
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

    [Fact]
    public async Task The_search_stays_in_the_address_so_back_returns_to_it()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await OpenContactsAsync(page);

        await SearchAsync(page, "Garica");
        await Expect(page).ToHaveURLAsync(new Regex(@"/contacts\?q=Garica$"));
        // The address changes before the list shows the results: read the first row only once they are there.
        await Expect(page.GetByTestId("search-status")).ToHaveTextAsync("4 contacts match “Garica”");
        var first = ContactLinks(page).First;
        var name = (await first.TextContentAsync())!.Trim();
        await first.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name })).ToBeVisibleAsync();

        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/contacts\?q=Garica$"));
        await Expect(SearchBox(page)).ToHaveValueAsync("Garica");
        await Expect(page.GetByTestId("search-status")).ToHaveTextAsync("4 contacts match “Garica”");
        await Expect(ContactLinks(page).First).ToHaveTextAsync(new Regex(" Garcia$"));
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

    /// <summary>Types SEARCH into the list's box and waits until the list shows its results (the page announces them).</summary>
    private static async Task SearchAsync(IPage page, string search)
    {
        await SearchBox(page).FillAsync(search);
        await Expect(page.GetByTestId("search-status")).ToContainTextAsync($"“{search}”");
    }

    private async Task<string?> JobTitleAsync(string name)
    {
        await using var db = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Owner);
        return await db.ScalarAsync<string?>("select job_title from contacts where first_name || ' ' || last_name = @n", ("n", name));
    }
}

using System.Text.RegularExpressions;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>
/// The search-everything box in Chromium on the demo tenant: opened by its button or Ctrl+K, driven by the
/// keyboard; and a result clicked the moment it shows opens and stays open, whatever search is under way.
/// </summary>
public sealed class SearchEverythingTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    private const string Guid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    [Fact]
    public async Task Ctrl_K_finds_a_company_by_a_misspelled_word_and_the_keyboard_opens_it()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await SignInAsync(page);

        await PressCtrlKAsync(page);
        await Expect(SearchBox(page)).ToBeFocusedAsync();
        await SearchBox(page).FillAsync("Robotcs");

        var company = page.GetByRole(AriaRole.Group, new() { Name = "Companies" })
            .GetByRole(AriaRole.Option, new() { Name = "Fabrikam Robotics" });
        await OpenWithArrowKeysAsync(page, company);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fabrikam Robotics", Exact = true })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/companies/{Guid}$"));
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_button_finds_a_deal_by_misspelled_words_and_the_keyboard_opens_it()
    {
        string title;
        await using (var db = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Owner))
            title = await db.ScalarAsync<string>("select title from deals where deleted_at is null order by title limit 1");
        var misspelled = Misspell(title.Replace("–", "")); // "Adventure – Pilot project" as "Advnetrue Piolt prjoect"
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await SignInAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Search everything" }).ClickAsync();
        await SearchBox(page).FillAsync(misspelled);

        var deal = page.GetByRole(AriaRole.Group, new() { Name = "Deals" }).GetByRole(AriaRole.Option, new() { Name = title }).First;
        var href = await OpenWithArrowKeysAsync(page, deal);

        await Expect(page).ToHaveURLAsync(new Regex($"{Regex.Escape(href)}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_result_clicked_the_moment_it_shows_opens_and_stays_open()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await SignInAsync(page);
        await page.GotoAsync("/contacts");
        await page.WaitForCircuitAsync();
        // The list's own search, committed as Ctrl+K takes the focus from its box.
        await page.GetByLabel("Search", new() { Exact = true }).FillAsync("Smith");

        await PressCtrlKAsync(page);
        await SearchBox(page).PressSequentiallyAsync("Kenji Garcia");
        var result = page.GetByRole(AriaRole.Option, new() { Name = "Kenji Garcia" }).First;
        await result.WaitForAsync();
        await result.ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kenji Garcia", Exact = true })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/contacts/{Guid}$"));
        var opened = page.Url;
        // The contact page has read its timeline: after every search started before the click had its turn.
        await Expect(page.GetByTestId("timeline-entry").First).ToBeVisibleAsync();
        Assert.Equal(opened, page.Url);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kenji Garcia", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_box_hints_when_empty_says_no_matches_notes_a_cut_search_and_escape_closes_it()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await SignInAsync(page);

        await PressCtrlKAsync(page);
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Search everything" });
        await Expect(dialog.GetByTestId("search-everything-hint")).ToBeVisibleAsync();

        await SearchBox(page).FillAsync("Zzyzx Qwvxj");
        await Expect(dialog.GetByText("No matches", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(dialog.GetByRole(AriaRole.Option)).ToHaveCountAsync(0);

        await SearchBox(page).FillAsync(new string('x', 201));
        await Expect(dialog.GetByText("Only the first 200 characters of the search are used.")).ToBeVisibleAsync();

        await SearchBox(page).FillAsync("   ");
        await Expect(dialog.GetByTestId("search-everything-hint")).ToBeVisibleAsync();

        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await page.WaitForCircuitAsync();
    }

    /// <summary>Ctrl+K, once the page listens for it (the button announces the shortcut from then on).</summary>
    private static async Task PressCtrlKAsync(IPage page)
    {
        await Expect(page.Locator("button[aria-keyshortcuts]")).ToBeAttachedAsync();
        await page.Keyboard.PressAsync("Control+k");
    }

    private static ILocator SearchBox(IPage page) => page.GetByRole(AriaRole.Combobox, new() { Name = "Search everything" });

    /// <summary>
    /// Walks down the results with ArrowDown to OPTION (the first result is highlighted already), checks it is
    /// the highlighted one, and opens it with Enter. Returns the address it opens.
    /// </summary>
    private static async Task<string> OpenWithArrowKeysAsync(IPage page, ILocator option)
    {
        await option.WaitForAsync();
        var id = (await option.GetAttributeAsync("id"))!;
        var steps = await page.GetByRole(AriaRole.Option).EvaluateAllAsync<int>("(options, id) => options.findIndex(o => o.id === id)", id);
        Assert.True(steps >= 0, $"{id} is not among the results");
        await Expect(SearchBox(page)).ToHaveAttributeAsync("aria-activedescendant", "search-everything-option-0");
        for (var i = 0; i < steps; i++) await page.Keyboard.PressAsync("ArrowDown");
        await Expect(option).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(SearchBox(page)).ToHaveAttributeAsync("aria-activedescendant", id);
        var href = (await option.GetAttributeAsync("href"))!;
        await page.Keyboard.PressAsync("Enter");
        return href;
    }

    /// <summary>Swaps two letters inside each word of five or more: one typo a word, as a hurried rep makes.</summary>
    private static string Misspell(string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(word => word.Length < 5 ? word : word[..2] + word[3] + word[2] + word[4..]));
}

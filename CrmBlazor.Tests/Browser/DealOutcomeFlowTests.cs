using System.Text.RegularExpressions;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>Closing deals from their page, and the board's filters kept in the address.</summary>
public sealed class DealOutcomeFlowTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task A_deal_is_marked_lost_from_its_page_with_a_listed_reason_and_reopened()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);
        await page.GotoAsync("/pipeline");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New deal" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Title").FillAsync("Fleet telematics pilot");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Fleet telematics pilot" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/deals/[0-9a-f-]{36}$"));
        await page.WaitForCircuitAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Mark lost" }).ClickAsync();
        await dialog.GetByLabel("Lost reason").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "No budget" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Mark lost" }).ClickAsync();

        await Expect(dialog).ToHaveCountAsync(0);
        var details = page.GetByRole(AriaRole.Table).First;
        await Expect(details.GetByRole(AriaRole.Row).Filter(new() { HasText = "Lost reason" })).ToContainTextAsync("No budget");
        await Expect(details.GetByRole(AriaRole.Row).Filter(new() { HasText = "Stage" }).First).ToContainTextAsync("Closed Lost");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Mark won" })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Reopen" }).ClickAsync();

        await Expect(details.GetByRole(AriaRole.Row).Filter(new() { HasText = "Stage" }).First).ToContainTextAsync("Prospecting");
        await Expect(details.GetByRole(AriaRole.Row).Filter(new() { HasText = "Lost reason" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Mark lost" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("stage-change").First).ToContainTextAsync("Prospecting");
    }

    [Fact]
    public async Task Reload_keeps_the_boards_filters()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);
        await page.GotoAsync("/pipeline");
        await page.WaitForCircuitAsync();
        var cards = page.GetByTestId("deal-card");
        var title = (await cards.First.GetByRole(AriaRole.Link).First.InnerTextAsync()).Trim();
        var everything = await cards.CountAsync();

        await SearchBox(page).FillAsync(title);
        await Expect(page).ToHaveURLAsync(new Regex("[?&]q="));
        await Expect(cards.Filter(new() { HasNotText = title })).ToHaveCountAsync(0);
        await page.ReloadAsync();
        await page.WaitForCircuitAsync();

        await Expect(SearchBox(page)).ToHaveValueAsync(title);
        await Expect(cards.Filter(new() { HasText = title }).First).ToBeVisibleAsync();
        await Expect(cards.Filter(new() { HasNotText = title })).ToHaveCountAsync(0);

        await page.GoBackAsync();
        await Expect(SearchBox(page)).ToHaveValueAsync("");
        await Expect(cards).ToHaveCountAsync(everything);
    }

    [Fact]
    public async Task Reload_keeps_the_list_views_sort_and_page()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);
        await page.GotoAsync("/pipeline?view=list&size=10");
        await page.WaitForCircuitAsync();
        var list = page.GetByTestId("deal-list");
        var titles = list.GetByRole(AriaRole.Row).GetByRole(AriaRole.Link);
        await Expect(titles).ToHaveCountAsync(10);

        await list.GetByRole(AriaRole.Columnheader, new() { Name = "Value" }).GetByText("Value").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("sort=value"));
        await list.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("page=2"));
        await Expect(titles).ToHaveCountAsync(10);
        var shown = await titles.AllInnerTextsAsync();

        await page.ReloadAsync();
        await page.WaitForCircuitAsync();

        await Expect(page).ToHaveURLAsync(new Regex("view=list.*sort=value.*page=2|view=list.*page=2.*sort=value"));
        await Expect(titles).ToHaveTextAsync(shown.ToArray());
    }

    [Theory]
    [InlineData(1440, 900)]
    [InlineData(1024, 768)]
    [InlineData(390, 844)]
    public async Task The_won_and_lost_columns_are_in_view_without_scrolling(int width, int height)
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SetViewportSizeAsync(width, height);
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);
        await page.GotoAsync("/pipeline");
        await page.WaitForCircuitAsync();

        foreach (var stage in new[] { "Closed Won", "Closed Lost" })
        {
            var column = page.GetByRole(AriaRole.Region, new() { Name = stage, Exact = true });
            await Expect(column).ToBeInViewportAsync();
            var box = await column.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.X >= 0 && box.X + box.Width <= width, $"At {width} px {stage} spans {box.X}–{box.X + box.Width} px");
        }
    }

    private static ILocator SearchBox(IPage page) => page.GetByRole(AriaRole.Textbox, new() { Name = "Search", Exact = true });
}

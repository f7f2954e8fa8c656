using System.Text.RegularExpressions;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

public sealed class DealFlowTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task A_deal_started_on_the_board_lands_in_the_first_open_stage()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);
        await page.GotoAsync("/pipeline");
        await page.WaitForCircuitAsync();
        var prospecting = page.Locator("[data-testid=board-column][data-stage=Prospecting]");
        var before = int.Parse(await prospecting.GetByTestId("stage-count").InnerTextAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "New deal" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Title").FillAsync("Board-born renewal");
        await dialog.GetByLabel("Value", new() { Exact = true }).FillAsync("1200");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(prospecting.GetByTestId("deal-card").Filter(new() { HasText = "Board-born renewal" })).ToBeVisibleAsync();
        await Expect(prospecting.GetByTestId("stage-count")).ToHaveTextAsync((before + 1).ToString());
    }

    [Fact]
    public async Task A_rep_starts_a_deal_on_a_company_page_and_adds_a_principal_once_its_company_holds_the_role()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);
        await page.GotoAsync("/companies");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Northwind Traders" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Northwind Traders" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "New deal" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByLabel("Company", new() { Exact = true })).ToHaveValueAsync("Northwind Traders");
        await dialog.GetByLabel("Title").FillAsync("Warehouse robots");
        await dialog.GetByLabel("Value", new() { Exact = true }).FillAsync("48000");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/deals/[0-9a-f-]{36}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Warehouse robots" })).ToBeVisibleAsync();
        await Expect(page.GetByText("48,000.00")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Northwind Traders" }).First).ToBeVisibleAsync();
        // The deal's company is its primary customer, which the database adds.
        await Expect(page.GetByTestId("participant-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("participant-row")).ToContainTextAsync("Northwind Traders");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Northwind Traders is the primary customer: the deal's company" })).ToBeDisabledAsync();
        await Expect(page.GetByTestId("stage-change")).ToContainTextAsync("Created in Prospecting by Maria Lopez");
        var dealUrl = new Uri(page.Url).AbsolutePath;

        await page.WaitForCircuitAsync();
        await AddParticipantAsync(page, "Tailspin Toys", "Principal");
        await Expect(page.GetByText("Tailspin Toys is not registered as a principal. Add the Principal role on its company page first."))
            .ToBeVisibleAsync();
        await Expect(page.GetByTestId("participant-row").Filter(new() { HasText = "Tailspin Toys" })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Open Tailspin Toys's company page" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tailspin Toys" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add role" }).ClickAsync();
        await page.Locator(".mud-popover-open").GetByText("Principal", new() { Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("Roles")).ToContainTextAsync("Principal");

        await page.GotoAsync(dealUrl);
        await page.WaitForCircuitAsync();
        await AddParticipantAsync(page, "Tailspin Toys", "Principal");
        var row = page.GetByTestId("participant-row").Filter(new() { HasText = "Tailspin Toys" });
        await Expect(row).ToContainTextAsync("Principal");
        await Expect(page.GetByText("is not registered as a principal")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_deal_started_from_a_contact_brings_its_company_and_a_lost_stage_asks_for_a_reason()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);
        await page.GotoAsync($"/deals/{Guid.NewGuid()}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();

        await page.GotoAsync("/contacts");
        await page.WaitForCircuitAsync();
        var first = page.GetByRole(AriaRole.Row).Nth(1);
        var contactName = (await first.GetByRole(AriaRole.Link).First.TextContentAsync())!.Trim();
        // Name, email, company: the selection column shows only while selecting.
        var companyName = (await first.GetByRole(AriaRole.Cell).Nth(2).TextContentAsync())!.Trim();
        await first.GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = contactName })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "New deal" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByLabel("Contact", new() { Exact = true })).ToHaveValueAsync(contactName);
        await Expect(dialog.GetByLabel("Company", new() { Exact = true })).ToHaveValueAsync(companyName);
        await dialog.GetByLabel("Title").FillAsync("Renewal that slipped away");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Renewal that slipped away" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = contactName })).ToBeVisibleAsync();

        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit", Exact = true }).ClickAsync();
        await dialog.GetByLabel("Stage").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Closed Lost" }).ClickAsync();
        // MudSelect takes the choice after closing its list (a round trip to the browser): Save waits until the
        // field shows it, as a rep's eye would; a Save sent before that saved the old stage.
        await Expect(dialog.GetByLabel("Stage")).ToContainTextAsync("Closed Lost");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(dialog.GetByText("Say why the deal was lost.")).ToBeVisibleAsync();
        await dialog.GetByLabel("Lost reason").FillAsync("Went with a competitor");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.GetByTestId("stage-change").First).ToContainTextAsync("Stage changed from Prospecting to Closed Lost by Maria Lopez");
        await Expect(page.GetByText("Went with a competitor")).ToBeVisibleAsync();
    }

    private static async Task AddParticipantAsync(IPage page, string company, string role)
    {
        await page.GetByLabel("Company", new() { Exact = true }).FillAsync(company.Split(' ')[0]);
        await page.Locator(".mud-popover-open").GetByText(company, new() { Exact = true }).ClickAsync();
        await page.GetByLabel("Role", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = role }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add participant" }).ClickAsync();
    }
}

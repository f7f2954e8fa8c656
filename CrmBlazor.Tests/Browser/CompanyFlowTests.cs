using System.Text.RegularExpressions;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

public sealed class CompanyFlowTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task A_member_creates_a_company_deletes_it_and_undoes_the_delete()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);
        await page.GotoAsync("/companies");
        await page.WaitForCircuitAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "New company" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name").FillAsync("Umbrella Holdings");
        await dialog.GetByLabel("Domain").FillAsync("umbrella.example");
        await dialog.GetByLabel("City").FillAsync("Raccoon City");
        await dialog.GetByLabel("Roles").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Principal" }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Umbrella Holdings" })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/companies/[0-9a-f-]{36}$"));
        var companyUrl = new Uri(page.Url).AbsolutePath;
        await Expect(page.GetByLabel("Roles")).ToContainTextAsync("Principal");

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/companies$"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Northwind Traders" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Umbrella Holdings" })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Umbrella Holdings" })).ToBeVisibleAsync();
        await page.GotoAsync("/companies");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Umbrella Holdings" })).ToBeVisibleAsync();
        await page.GotoAsync(companyUrl);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Umbrella Holdings" })).ToBeVisibleAsync();
    }
}

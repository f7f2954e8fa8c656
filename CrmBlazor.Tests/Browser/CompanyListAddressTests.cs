using System.Text.RegularExpressions;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>The companies list keeps its filters, sort and page in the address, as the contacts list does.</summary>
public sealed class CompanyListAddressTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task Reload_keeps_the_companies_filters_and_sort()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);
        await page.GotoAsync("/companies");
        await page.WaitForCircuitAsync();

        await page.GetByLabel("Role").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Customer" }).ClickAsync();
        await page.GetByLabel("Owner").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Mine" }).ClickAsync();
        await page.GetByRole(AriaRole.Columnheader, new() { Name = "Domain" }).GetByText("Domain").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("role=customer.*owner=.*sort=domain|role=customer.*sort=domain.*owner="));
        var companies = page.GetByRole(AriaRole.Row).GetByRole(AriaRole.Link);
        await Expect(companies.First).ToBeVisibleAsync();
        var shown = await companies.AllInnerTextsAsync();

        await page.ReloadAsync();
        await page.WaitForCircuitAsync();

        await Expect(page).ToHaveURLAsync(new Regex("role=customer"));
        await Expect(page.GetByLabel("Role")).ToHaveValueAsync("Customer");
        await Expect(page.GetByLabel("Owner")).ToHaveValueAsync("Mine");
        await Expect(companies).ToHaveTextAsync(shown.ToArray());
    }
}

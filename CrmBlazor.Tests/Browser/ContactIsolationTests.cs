using System.Text.RegularExpressions;
using CrmBlazor.Features.Account;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

public sealed class ContactIsolationTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task Two_organizations_never_see_each_others_contacts_even_by_url()
    {
        var (contextA, pageA) = await SignedInOwnerOfNewOrganizationAsync("Stark Industries");
        await using var _ = contextA;
        var (contextB, pageB) = await SignedInOwnerOfNewOrganizationAsync("Wayne Enterprises");
        await using var __ = contextB;

        var pepperUrl = await CreateContactAsync(pageA, "Pepper", "Potts", "pepper@stark.example");
        var alfredUrl = await CreateContactAsync(pageB, "Alfred", "Pennyworth", "alfred@wayne.example");

        await pageA.GotoAsync("/contacts");
        await Expect(pageA.GetByRole(AriaRole.Link, new() { Name = "Pepper Potts" })).ToBeVisibleAsync();
        await Expect(pageA.GetByText("Alfred Pennyworth")).ToHaveCountAsync(0);
        await pageB.GotoAsync("/contacts");
        await Expect(pageB.GetByRole(AriaRole.Link, new() { Name = "Alfred Pennyworth" })).ToBeVisibleAsync();
        await Expect(pageB.GetByText("Pepper Potts")).ToHaveCountAsync(0);

        await pageA.GotoAsync(alfredUrl);
        await Expect(pageA.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
        await Expect(pageA.GetByText("Pennyworth")).ToHaveCountAsync(0);
        await pageB.GotoAsync(pepperUrl);
        await Expect(pageB.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
    }

    private async Task<(IBrowserContext, IPage)> SignedInOwnerOfNewOrganizationAsync(string organization)
    {
        var email = $"owner-{Guid.NewGuid():N}@example.com";
        const string password = "Owner-password-1";
        await site.App.RegisterConfirmedAsync(new(organization, "Org Owner", email, password));
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await page.SignInAsync(email, password);
        await Expect(page.GetByTestId("tenant-name")).ToHaveTextAsync(organization);
        return (context, page);
    }

    private static async Task<string> CreateContactAsync(IPage page, string first, string last, string email)
    {
        await page.GotoAsync("/contacts");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New contact" }).ClickAsync();
        await page.GetByLabel("First name").FillAsync(first);
        await page.GetByLabel("Last name").FillAsync(last);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"{first} {last}" })).ToBeVisibleAsync();
        Assert.Matches(new Regex("/contacts/[0-9a-f-]{36}$"), page.Url);
        return new Uri(page.Url).AbsolutePath;
    }
}

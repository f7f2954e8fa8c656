using System.Text.RegularExpressions;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

public sealed class TwoFactorRequirementFlowTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task Once_the_Owner_requires_two_factor_a_Member_without_it_is_sent_to_set_it_up_until_done()
    {
        var (ownerContext, owner) = await chromium.NewPageAsync(site.BaseUrl);
        await using (ownerContext)
        {
            await owner.SignInAsync(DemoTenant.Owner, CrmAppFactory.DemoPassword);
            await owner.GotoAsync("/admin");
            await owner.WaitForCircuitAsync();
            await owner.GetByLabel("Require two-factor sign-in for everyone").CheckAsync();
            await Expect(owner.GetByText("Two-factor sign-in is now required.")).ToBeVisibleAsync();
        }

        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Member, CrmAppFactory.DemoPassword);
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Manage/TwoFactorAuthentication"));
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Your organization requires two-factor sign-in");
        await page.GotoAsync("/contacts");
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Manage/TwoFactorAuthentication"));

        await page.EnableAuthenticatorAsync();
        await page.GotoAsync("/contacts");
        await Expect(page).ToHaveURLAsync(new Regex("/contacts$"));
        Assert.Contains("two_factor.required", await AccountSteps.AuditEventsAsync(site.Database, DemoTenant.Owner));
    }
}

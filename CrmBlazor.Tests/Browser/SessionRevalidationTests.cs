using System.Text.RegularExpressions;
using CrmBlazor.Features.Admin.Users;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

public sealed class SessionRevalidationTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    private const string Sam = "sam.chen@crm.local";

    [Fact]
    public async Task A_deactivated_user_is_signed_out_on_their_next_request()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(Sam, CrmAppFactory.DemoPassword);
        await Expect(page.GetByTestId("user-role")).ToHaveTextAsync("Member");

        await using (var owner = await DemoTenant.ActAsAsync(site.App, DemoTenant.Owner))
        {
            var users = owner.ServiceProvider.GetRequiredService<UserAdminService>();
            var sam = (await users.ListAsync(TestContext.Current.CancellationToken)).Single(u => u.Email == Sam);
            // Sam owns demo records: they go to the acting Owner.
            var result = await users.DeactivateAsync(sam.Id, owner.ServiceProvider.GetRequiredService<ITenantContext>().UserId,
                TestContext.Current.CancellationToken);
            Assert.True(result.Succeeded);
        }

        await page.GotoAsync("/contacts");
        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login"));
    }

    [Fact]
    public async Task A_promotion_takes_effect_on_the_next_request_without_signing_in_again()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Viewer, CrmAppFactory.DemoPassword);
        await Expect(page.GetByTestId("user-role")).ToHaveTextAsync("Viewer");

        await using (var owner = await DemoTenant.ActAsAsync(site.App, DemoTenant.Owner))
        {
            var users = owner.ServiceProvider.GetRequiredService<UserAdminService>();
            var victor = (await users.ListAsync(TestContext.Current.CancellationToken)).Single(u => u.Email == DemoTenant.Viewer);
            Assert.True((await users.ChangeRoleAsync(victor.Id, "Member", TestContext.Current.CancellationToken)).Succeeded);
        }

        // The permission check reads the role from the sign-in cookie: saving works only if the cookie was refreshed.
        await page.GotoAsync("/contacts");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New contact" }).ClickAsync();
        await page.GetByLabel("First name").FillAsync("Promoted");
        await page.GetByLabel("Last name").FillAsync("Victor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Promoted Victor" })).ToBeVisibleAsync();
    }
}

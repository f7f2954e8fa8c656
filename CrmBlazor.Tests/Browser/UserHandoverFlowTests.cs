using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>Admin → Users: deactivating someone who owns records hands them to the user chosen in the dialog (a site of its own: it deactivates people).</summary>
public sealed class UserHandoverFlowTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    private const string Owned = """
        select (select count(*) from contacts where owner_id = @u) + (select count(*) from companies where owner_id = @u)
             + (select count(*) from deals where owner_id = @u) + (select count(*) from activities where owner_id = @u)
        """;

    [Fact]
    public async Task Deactivating_a_seller_asks_who_takes_over_their_records_and_hands_them_over()
    {
        await using var session = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Owner);
        var maria = await session.ScalarAsync<Guid>("select id from users where normalized_email = upper(@e)", ("e", DemoTenant.Member));
        var sam = await session.ScalarAsync<Guid>("select id from users where normalized_email = 'SAM.CHEN@CRM.LOCAL'");
        var (mariaOwned, samOwned) = (await session.ScalarAsync<long>(Owned, ("u", maria)), await session.ScalarAsync<long>(Owned, ("u", sam)));
        Assert.True(mariaOwned > 0);

        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Admin, CrmAppFactory.DemoPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await page.GotoAsync("/admin/users");
        await page.WaitForCircuitAsync();
        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Maria Lopez" }).GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync();

        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("Maria Lopez owns");
        await Expect(dialog.GetByLabel("Hand their records to")).ToContainTextAsync("Alex Admin");
        await dialog.GetByLabel("Hand their records to").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Sam Chen", Exact = true }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync();

        await Expect(page.GetByText("Maria Lopez deactivated.")).ToBeVisibleAsync();
        Assert.Equal(0L, await session.ScalarAsync<long>(Owned, ("u", maria)));
        Assert.Equal(samOwned + mariaOwned, await session.ScalarAsync<long>(Owned, ("u", sam)));
    }
}

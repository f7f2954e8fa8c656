using System.Text.RegularExpressions;
using CrmBlazor.Features.Admin.Users;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

/// <summary>An administrator changing their own access, on a site of its own (these tests demote people).</summary>
public sealed class AdminSelfChangeTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task An_admin_cannot_demote_themselves_as_the_only_admin()
    {
        // A new organization's founder is its only Owner or Admin; the demo tenant always has its Owner besides its Admin.
        var email = await site.App.RegisterAsync("Solo Shop", "Sol Solo");
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(email, NewOrganization.FounderPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();

        await OpenUsersAsync(page);
        await ChooseRoleAsync(page, "Sol Solo", "Viewer");

        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = UserAdminService.OnlyAdministrator })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Role of Sol Solo")).ToContainTextAsync("Owner");
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task With_an_owner_besides_them_an_admin_confirms_before_demoting_themselves_and_then_leaves_admin()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Admin, CrmAppFactory.DemoPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await OpenUsersAsync(page);

        // Someone else's role: changed at once and confirmed by a message.
        await ChooseRoleAsync(page, "Sam Chen", "Viewer");
        await Expect(page.GetByText("Role changed to Viewer for Sam Chen.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Sam Chen" }).GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync();
        await Expect(page.GetByText("Sam Chen deactivated.")).ToBeVisibleAsync();

        // Their own: asked first; cancelling keeps the role.
        await ChooseRoleAsync(page, "Alex Admin", "Viewer");
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("you will lose access to Admin");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Role of Alex Admin")).ToContainTextAsync("Admin");
        await Expect(page.GetByLabel("Role of Alex Admin")).Not.ToContainTextAsync("Viewer");

        await ChooseRoleAsync(page, "Alex Admin", "Viewer");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Become Viewer" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        await Expect(page.GetByTestId("user-role")).ToHaveTextAsync("Viewer");
        await page.WaitForCircuitAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Admin" })).ToHaveCountAsync(0);
    }

    private static async Task OpenUsersAsync(IPage page)
    {
        await page.GotoAsync("/admin/users");
        await page.WaitForCircuitAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users" })).ToBeVisibleAsync();
    }

    private static async Task ChooseRoleAsync(IPage page, string user, string role)
    {
        await page.GetByLabel($"Role of {user}").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = role, Exact = true }).ClickAsync();
    }
}

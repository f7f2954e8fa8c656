using System.Text.RegularExpressions;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CrmBlazor.Tests.Browser;

public sealed class InvitationFlowTests(DemoSite site, Chromium chromium) : IClassFixture<DemoSite>
{
    [Fact]
    public async Task An_admin_invites_a_viewer_who_gets_the_link_by_mail_sets_a_password_and_lands_signed_in_and_the_link_then_stops_working()
    {
        var email = $"invitee-{Guid.NewGuid():N}@example.com";
        const string password = "Invitee-password-1";
        var (adminContext, admin) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = adminContext;

        await admin.SignInAsync(DemoTenant.Admin, CrmAppFactory.DemoPassword);
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await admin.GotoAsync("/admin/users");
        await admin.WaitForCircuitAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Invite user" }).ClickAsync();
        var dialog = admin.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Email").FillAsync(email);
        await dialog.GetByLabel("Full name").FillAsync("Ivy Invitee");
        await dialog.GetByLabel("Role").ClickAsync();
        await admin.GetByRole(AriaRole.Option, new() { Name = "Viewer" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Invite", Exact = true }).ClickAsync();

        var linkField = admin.GetByLabel("Invitation link");
        await Expect(linkField).ToHaveValueAsync(new Regex("/Account/AcceptInvitation\\?userId="));
        await Expect(admin.GetByRole(AriaRole.Row).Filter(new() { HasText = email })).ToContainTextAsync("Invited");
        // The invitee follows the mailed link; the copy-link shown to the admin is the same one.
        var mail = await site.App.Mail.WaitForAsync(email, "You are invited to Acme Demo", TestContext.Current.CancellationToken);
        var link = mail.Links.Single();
        await Expect(linkField).ToHaveValueAsync(link);

        var (inviteeContext, invitee) = await chromium.NewPageAsync(site.BaseUrl);
        await using var __ = inviteeContext;
        await invitee.GotoAsync(link);
        // The token travels on in the form's body, which posts to the page's address without it.
        var token = System.Web.HttpUtility.ParseQueryString(new Uri(link).Query)["token"];
        await Expect(invitee.Locator("input[name='Input.Token']")).ToHaveValueAsync(token!);
        await Expect(invitee.Locator("form[action='Account/AcceptInvitation']")).ToHaveCountAsync(1);
        await invitee.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await invitee.GetByLabel("Confirm password").FillAsync(password);
        await invitee.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();

        await Expect(invitee.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await Expect(invitee.GetByTestId("user-role")).ToHaveTextAsync("Viewer");

        await invitee.GotoAsync(link);
        await Expect(invitee.GetByRole(AriaRole.Alert)).ToHaveTextAsync(
            "This invitation link is no longer valid. Ask your administrator for a new one.");
        await Expect(invitee.GetByLabel("Password", new() { Exact = true })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_viewer_sees_access_denied_instead_of_the_users_list()
    {
        var (context, page) = await chromium.NewPageAsync(site.BaseUrl);
        await using var _ = context;
        await page.SignInAsync(DemoTenant.Viewer, CrmAppFactory.DemoPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();

        await page.GotoAsync("/admin/users");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
        await Expect(page.GetByText(DemoTenant.Admin)).ToHaveCountAsync(0);

        // The menu does not offer Admin to a viewer; navigating there inside the circuit ends the same way, not on the login form.
        await page.GotoAsync("/");
        await page.WaitForCircuitAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Pipeline" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Admin" })).ToHaveCountAsync(0);
        await page.EvaluateAsync("Blazor.navigateTo('/admin')");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Access denied" })).ToBeVisibleAsync();
        // In the circuit the router shows it at /admin; a page still loading takes the server's redirect to
        // /Account/AccessDenied. Either way the viewer must not be sent to sign in again.
        await Expect(page).Not.ToHaveURLAsync(new Regex("/Account/Login"));
    }
}

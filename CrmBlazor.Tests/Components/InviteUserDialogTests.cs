using AngleSharp.Dom;
using Bunit;
using CrmBlazor.Features.Admin.Users;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CrmBlazor.Tests.Components;

public sealed class InviteUserDialogTests(CrmDatabase database) : CrmBunitContext, IClassFixture<CrmDatabase>
{
    [Fact]
    public async Task What_the_service_refuses_is_said_under_the_field_it_concerns()
    {
        await using var app = new CrmAppFactory(database.AppConnectionString);
        await app.SeedDemoAsync();
        await using var scope = await DemoTenant.ActAsAsync(app, DemoTenant.Admin);
        Services.AddSingleton(scope.ServiceProvider.GetRequiredService<UserAdminService>());
        Services.AddSingleton(scope.ServiceProvider.GetRequiredService<CrmBlazor.Features.Account.InvitationService>());
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        await dialogs.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<InviteUserDialog>("Invite user"));

        await ClickInviteAsync(dialogs);
        dialogs.WaitForAssertion(() => Assert.Equal("Enter the email address.", ErrorUnder(dialogs, "Email")));
        Assert.Equal("Enter the full name.", ErrorUnder(dialogs, "Full name"));

        // Each element is found inside the renderer's dispatcher, so a render between finding it and firing its event
        // cannot leave the test holding a handler that is gone (it did, on a loaded CI machine).
        await dialogs.InvokeAsync(() => Field(dialogs, "Email").QuerySelector("input")!.Change("SAM.CHEN@crm.local"));
        await dialogs.InvokeAsync(() => Field(dialogs, "Full name").QuerySelector("input")!.Change("Sam Again"));
        await ClickInviteAsync(dialogs);

        dialogs.WaitForAssertion(() => Assert.Equal(UserAdminService.DuplicateEmail, ErrorUnder(dialogs, "Email")));
        Assert.Equal("", ErrorUnder(dialogs, "Full name"));
    }

    private static Task ClickInviteAsync(IRenderedComponent<MudDialogProvider> dialogs) =>
        dialogs.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Invite").Click());

    private static IElement Field(IRenderedComponent<MudDialogProvider> dialogs, string label) =>
        dialogs.FindAll(".mud-input-control").First(c => c.QuerySelector("label")?.TextContent.Trim() == label);

    private static string ErrorUnder(IRenderedComponent<MudDialogProvider> dialogs, string label) =>
        Field(dialogs, label).QuerySelector(".mud-input-helper-text")?.TextContent.Trim() ?? "";
}

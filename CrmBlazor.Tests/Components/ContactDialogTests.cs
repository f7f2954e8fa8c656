using AngleSharp.Dom;
using Bunit;
using CrmBlazor.Features.Contacts;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CrmBlazor.Tests.Components;

/// <summary>The contact dialog against the real services and a real database, acting as the demo member.</summary>
public sealed class ContactDialogTests(CrmDatabase database) : CrmBunitContext, IClassFixture<CrmDatabase>, IAsyncLifetime
{
    private CrmAppFactory app = default!;
    private AsyncServiceScope scope;

    public async ValueTask InitializeAsync()
    {
        app = new CrmAppFactory(database.AppConnectionString);
        await app.SeedDemoAsync();
        scope = await DemoTenant.ActAsAsync(app, DemoTenant.Member);
        Services.AddFallbackServiceProvider(scope.ServiceProvider);
    }

    public new async ValueTask DisposeAsync()
    {
        await scope.DisposeAsync();
        await app.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Saving_without_a_name_and_with_a_malformed_email_shows_both_errors_next_to_their_fields()
    {
        var dialog = await OpenNewContactDialogAsync();

        await dialog.InvokeAsync(() => Input(dialog, "Email").Change("not-an-email"));
        await dialog.InvokeAsync(() => SaveButton(dialog).Click());

        dialog.WaitForAssertion(() =>
        {
            Assert.Equal("Enter a first or a last name.", ErrorUnder(dialog, "First name"));
            Assert.Equal("Enter a valid email address, like name@example.com.", ErrorUnder(dialog, "Email"));
        });
    }

    [Fact]
    public async Task A_duplicate_email_offers_a_link_to_the_existing_contact()
    {
        var contacts = scope.ServiceProvider.GetRequiredService<ContactService>();
        var existing = (await contacts.SearchAsync(new ContactQuery(), Xunit.TestContext.Current.CancellationToken)).Rows[0];
        var dialog = await OpenNewContactDialogAsync();

        await dialog.InvokeAsync(() => Input(dialog, "Last name").Change("Twin"));
        await dialog.InvokeAsync(() => Input(dialog, "Email").Change(existing.Email!));
        await dialog.InvokeAsync(() => SaveButton(dialog).Click());

        dialog.WaitForAssertion(() =>
        {
            Assert.Equal(ContactService.DuplicateEmail, ErrorUnder(dialog, "Email"));
            Assert.Equal($"/contacts/{existing.Id}", dialog.Find("a[href^='/contacts/']").GetAttribute("href"));
        });
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenNewContactDialogAsync()
    {
        Render<MudPopoverProvider>();
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<ContactDialog>("New contact"));
        provider.WaitForAssertion(() => Assert.NotNull(Input(provider, "Email")));
        return provider;
    }

    private static IElement SaveButton(IRenderedComponent<MudDialogProvider> dialog) =>
        dialog.FindAll("button").Single(b => b.TextContent.Trim() == "Save");

    private static IElement Input(IRenderedComponent<MudDialogProvider> dialog, string label) =>
        Field(dialog, label).QuerySelector("input")!;

    private static string? ErrorUnder(IRenderedComponent<MudDialogProvider> dialog, string label) =>
        Field(dialog, label).QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim();

    /// <summary>The MudTextField whose label reads <paramref name="label"/>; re-queried after every render.</summary>
    private static IElement Field(IRenderedComponent<MudDialogProvider> dialog, string label) =>
        dialog.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim() == label);
}

using AngleSharp.Dom;
using Bunit;
using CrmBlazor.Features.Deals;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CrmBlazor.Tests.Components;

/// <summary>The deal dialog against the real services and a real database, acting as the demo member.</summary>
public sealed class DealDialogTests(CrmDatabase database) : CrmBunitContext, IClassFixture<CrmDatabase>, IAsyncLifetime
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
    public async Task Saving_without_a_title_with_a_negative_value_and_a_bad_currency_shows_each_error_next_to_its_field()
    {
        var dialog = await OpenAsync(new DialogParameters<DealDialog>());

        await dialog.InvokeAsync(() => Input(dialog, "Value").Change("-5"));
        await dialog.InvokeAsync(() => Input(dialog, "Currency").Change("eu"));
        await dialog.InvokeAsync(() => SaveButton(dialog).Click());

        dialog.WaitForAssertion(() =>
        {
            Assert.Equal(DealForm.MissingTitle, ErrorUnder(dialog, "Title"));
            Assert.Equal(DealForm.NegativeValue, ErrorUnder(dialog, "Value"));
            Assert.Equal(DealForm.InvalidCurrency, ErrorUnder(dialog, "Currency"));
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_contact_who_works_elsewhere_is_refused_next_to_the_contact_field()
    {
        await using var session = await DemoTenant.OpenSessionAsync(app, DemoTenant.Member);
        var northwind = await session.ScalarAsync<Guid>("select id from companies where name = 'Northwind Traders'");
        var elsewhere = await session.ScalarAsync<Guid>(
            "select c.id from contacts c join companies co on co.id = c.company_id where co.name = 'Contoso Pharmaceuticals' limit 1");
        var dialog = await OpenAsync(new DialogParameters<DealDialog> { { d => d.CompanyId, northwind }, { d => d.ContactId, elsewhere } });

        await dialog.InvokeAsync(() => Input(dialog, "Title").Change("Cross-company deal"));
        await dialog.InvokeAsync(() => SaveButton(dialog).Click());

        dialog.WaitForAssertion(() => Assert.EndsWith(
            "does not work at Northwind Traders; choose one of its contacts or clear the contact.", ErrorUnder(dialog, "Contact")),
            TimeSpan.FromSeconds(10));
        Assert.Null(ErrorUnder(dialog, "Title"));
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync(DialogParameters<DealDialog> parameters)
    {
        Render<MudPopoverProvider>();
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<DealDialog>("New deal", parameters));
        provider.WaitForAssertion(() => Assert.NotNull(Input(provider, "Title")), TimeSpan.FromSeconds(10));
        return provider;
    }

    private static IElement SaveButton(IRenderedComponent<MudDialogProvider> dialog) =>
        dialog.FindAll("button").Single(b => b.TextContent.Trim() == "Save");

    private static IElement Input(IRenderedComponent<MudDialogProvider> dialog, string label) =>
        Field(dialog, label).QuerySelector("input")!;

    private static string? ErrorUnder(IRenderedComponent<MudDialogProvider> dialog, string label) =>
        Field(dialog, label).QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim();

    /// <summary>The input whose label reads <paramref name="label"/>; re-queried after every render.</summary>
    private static IElement Field(IRenderedComponent<MudDialogProvider> dialog, string label) =>
        dialog.FindAll(".mud-input-control").Single(c => c.QuerySelector("label")?.TextContent.Trim().TrimEnd('*').Trim() == label);
}

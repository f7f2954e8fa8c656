using Bunit;
using CrmBlazor.Features.Deals;
using CrmBlazor.Tests.Infrastructure;
using MudBlazor;
using static CrmBlazor.Tests.Infrastructure.DialogFields;

namespace CrmBlazor.Tests.Components;

/// <summary>The deal dialog against the real services and a real database, acting as the demo member.</summary>
public sealed class DealDialogTests(CrmDatabase database) : DemoAppBunitContext(database, actingAs: DemoTenant.Member)
{
    [Fact]
    public async Task Saving_without_a_title_with_a_negative_value_and_a_bad_currency_shows_each_error_next_to_its_field()
    {
        var dialog = await OpenAsync(new DialogParameters<DealDialog>());

        await dialog.InvokeAsync(() => Input(dialog, "Value").Change("-5"));
        await dialog.InvokeAsync(() => Input(dialog, "Currency").Input("eu"));
        await dialog.InvokeAsync(() => Input(dialog, "Currency").Blur());
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
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
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
        var provider = await ShowDialogAsync<DealDialog>("New deal", parameters);
        provider.WaitForAssertion(() => Assert.NotNull(Input(provider, "Title")), TimeSpan.FromSeconds(10));
        return provider;
    }
}

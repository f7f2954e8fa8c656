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

    [Fact]
    public async Task A_title_the_company_already_has_on_a_deal_is_pointed_out_with_a_link_until_the_title_differs()
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var existing = await session.ScalarAsync<Guid>("select id from deals where company_id is not null order by id limit 1");
        var title = await session.ScalarAsync<string>("select title from deals where id = @d", ("d", existing));
        var company = await session.ScalarAsync<Guid>("select company_id from deals where id = @d", ("d", existing));
        var companyName = await session.ScalarAsync<string>("select name from companies where id = @c", ("c", company));
        var dialog = await OpenAsync(new DialogParameters<DealDialog> { { d => d.CompanyId, company } });

        await dialog.InvokeAsync(() => Input(dialog, "Title").Change(title.ToUpperInvariant()));

        dialog.WaitForAssertion(() =>
        {
            var warning = dialog.Find("[data-testid=same-title]");
            Assert.Contains($"Another deal with this title already exists for {companyName}", warning.TextContent);
            Assert.Equal($"/deals/{existing}", warning.QuerySelector("a")!.GetAttribute("href"));
        }, TimeSpan.FromSeconds(10));
        await dialog.InvokeAsync(() => Input(dialog, "Title").Change($"{title} (second line)"));
        dialog.WaitForAssertion(() => Assert.Empty(dialog.FindAll("[data-testid=same-title]")), TimeSpan.FromSeconds(10));
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync(DialogParameters<DealDialog> parameters)
    {
        var provider = await ShowDialogAsync<DealDialog>("New deal", parameters);
        provider.WaitForAssertion(() => Assert.NotNull(Input(provider, "Title")), TimeSpan.FromSeconds(10));
        return provider;
    }
}

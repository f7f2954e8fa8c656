using Bunit;
using CrmBlazor.Features.Companies;
using CrmBlazor.Features.Contacts;
using CrmBlazor.Features.Search;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CrmBlazor.Tests.Components;

/// <summary>
/// What the contacts and companies lists say about a search, against the real search on the demo tenant:
/// "1,000+" past the cap, that a chosen sort orders only the best 1,000, and the 200-character cut.
/// </summary>
public sealed class ListSearchNoticeTests(CrmDatabase database) : DemoAppBunitContext(database, actingAs: DemoTenant.Member)
{
    private static readonly TimeSpan Loaded = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_contact_search_past_the_cap_says_1000_plus_and_a_chosen_sort_that_it_orders_only_those()
    {
        await InsertAsync("insert into contacts (first_name, last_name) select 'Zebulon', 'Capped' || i from generate_series(1, 1001) i");

        var page = RenderAt<ContactsPage>("/contacts?q=Zebulon");
        page.WaitForAssertion(() => Assert.Equal(
            "1,000+ contacts match; the list shows the best 1,000. Type more to narrow it.", Notice(page)), Loaded);
        Assert.Equal("1,000+ contacts match “Zebulon”", page.Find("[data-testid=search-status]").TextContent);

        var sorted = RenderAt<ContactsPage>("/contacts?q=Zebulon&sort=email");
        sorted.WaitForAssertion(() => Assert.Equal(
            "1,000+ contacts match; the list shows the best 1,000, and the sort orders those 1,000 only. Type more to narrow it.",
            Notice(sorted)), Loaded);
    }

    [Fact]
    public void A_contact_search_under_the_cap_says_how_many_contacts_and_no_notice()
    {
        var page = RenderAt<ContactsPage>("/contacts?q=Garica");

        page.WaitForAssertion(() => Assert.Equal("4 contacts match “Garica”", page.Find("[data-testid=search-status]").TextContent), Loaded);
        Assert.Empty(page.FindAll("[data-testid=capped-notice]"));
    }

    [Fact]
    public void A_contact_search_longer_than_200_characters_says_it_was_cut()
    {
        var page = RenderAt<ContactsPage>("/contacts?q=" + new string('x', 201));

        page.WaitForAssertion(() => Assert.Contains(SearchText.CutNote, page.Markup), Loaded);
    }

    [Fact]
    public async Task A_company_search_past_the_cap_says_1000_plus_companies()
    {
        await InsertAsync("insert into companies (name) select 'Capped Holdings ' || i from generate_series(1, 1001) i");
        var page = RenderAt<CompaniesPage>("/companies");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tbody a")), Loaded);

        await page.InvokeAsync(() => page.Find("input").Input("Capped"));

        page.WaitForAssertion(() => Assert.Equal(
            "1,000+ companies match; the list shows the best 1,000. Type more to narrow it.", Notice(page)), Loaded);
        Assert.Equal("1,000+ companies match “Capped”", page.Find("[data-testid=search-status]").TextContent);
    }

    private IRenderedComponent<MudPopoverProvider>? popovers;

    private IRenderedComponent<TPage> RenderAt<TPage>(string url) where TPage : IComponent
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        popovers ??= Render<MudPopoverProvider>();
        return Render<TPage>();
    }

    private static string? Notice<TPage>(IRenderedComponent<TPage> page) where TPage : IComponent =>
        page.FindAll("[data-testid=capped-notice]").SingleOrDefault()?.TextContent.Trim();

    private async Task InsertAsync(string sql)
    {
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Owner);
        await session.ExecuteAsync(sql);
    }
}

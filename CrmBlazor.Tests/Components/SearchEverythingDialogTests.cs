using Bunit;
using CrmBlazor.Features.Search;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CrmBlazor.Tests.Components;

/// <summary>The search-everything box against the real search on the demo tenant, acting as the demo member.</summary>
public sealed class SearchEverythingDialogTests(CrmDatabase database) : DemoAppBunitContext(database, actingAs: DemoTenant.Member)
{
    // The box waits a moment after each keystroke, then asks the database.
    private static readonly TimeSpan Searched = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_results_are_one_list_grouped_contacts_companies_deals_that_the_arrow_keys_walk_round()
    {
        var dialog = await OpenAsync();

        await dialog.InvokeAsync(() => Box(dialog).Input("Fabrikam"));

        dialog.WaitForAssertion(() => Assert.Equal(["Contacts", "Companies", "Deals"],
            dialog.FindAll("[role=listbox] > [role=group] > [role=presentation]").Select(h => h.TextContent.Trim())), Searched);
        var options = dialog.FindAll("[role=option]");
        Assert.InRange(options.Count, 3, 3 * SearchEverythingService.PerKind);
        Assert.Equal(options.Select((_, i) => $"search-everything-option-{i}"), options.Select(o => o.Id));
        Assert.Equal("search-everything-option-0", Box(dialog).GetAttribute("aria-activedescendant"));
        Assert.Equal("true", Box(dialog).GetAttribute("aria-expanded"));

        await dialog.InvokeAsync(() => Box(dialog).KeyDown("ArrowUp"));
        Assert.Equal($"search-everything-option-{options.Count - 1}", Box(dialog).GetAttribute("aria-activedescendant"));
        await dialog.InvokeAsync(() => Box(dialog).KeyDown("ArrowDown"));
        await dialog.InvokeAsync(() => Box(dialog).KeyDown("ArrowDown"));
        Assert.Equal("search-everything-option-1", Box(dialog).GetAttribute("aria-activedescendant"));
        Assert.Equal(["false", "true"], dialog.FindAll("[role=option]").Take(2).Select(o => o.GetAttribute("aria-selected")));
    }

    [Fact]
    public async Task Enter_opens_the_highlighted_result_and_closes_the_box()
    {
        var dialog = await OpenAsync();
        await dialog.InvokeAsync(() => Box(dialog).Input("Robotcs"));
        dialog.WaitForAssertion(() => Assert.Contains(dialog.FindAll("[role=option]"), o => o.TextContent.Contains("Fabrikam Robotics")), Searched);
        var company = dialog.FindAll("[role=group][aria-labelledby=search-everything-companies] [role=option]").Single();
        var steps = dialog.FindAll("[role=option]").Select(o => o.Id).ToList().IndexOf(company.Id);
        var href = company.GetAttribute("href");

        for (var i = 0; i < steps; i++) await dialog.InvokeAsync(() => Box(dialog).KeyDown("ArrowDown"));
        await dialog.InvokeAsync(() => Box(dialog).KeyDown("Enter"));

        Assert.EndsWith(href!, Services.GetRequiredService<NavigationManager>().Uri);
        dialog.WaitForAssertion(() => Assert.Empty(dialog.FindAll("[role=dialog]")));
    }

    [Fact]
    public async Task An_emptied_box_shows_the_hint_not_the_last_results()
    {
        var dialog = await OpenAsync();
        await dialog.InvokeAsync(() => Box(dialog).Input("Garcia"));
        dialog.WaitForAssertion(() => Assert.NotEmpty(dialog.FindAll("[role=option]")), Searched);

        await dialog.InvokeAsync(() => Box(dialog).Input("  "));

        Assert.Empty(dialog.FindAll("[role=option]"));
        Assert.NotNull(dialog.Find("[data-testid=search-everything-hint]"));
        Assert.Equal("false", Box(dialog).GetAttribute("aria-expanded"));
        Assert.False(Box(dialog).HasAttribute("aria-activedescendant"));
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync()
    {
        var dialog = await ShowDialogAsync<SearchEverythingDialog>("Search everything");
        dialog.WaitForAssertion(() => Assert.NotNull(Box(dialog)));
        return dialog;
    }

    private static AngleSharp.Dom.IElement Box(IRenderedComponent<MudDialogProvider> dialog) => dialog.Find("input[role=combobox]");
}

using Bunit;
using CrmBlazor.Features.Companies;
using CrmBlazor.Features.Contacts;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace CrmBlazor.Tests.Components;

/// <summary>The contact and company pages for each role, their addresses, and their dialogs' discard question, on the demo tenant.</summary>
public sealed class ContactCompanyPagesTests(CrmDatabase database) : DemoAppBunitContext(database)
{
    private static readonly TimeSpan Loaded = TimeSpan.FromSeconds(15);
    private static readonly string[] WriteControls =
        ["New contact", "New company", "New deal", "Edit", "Delete", "Import", "Log a call", "Add a note", "Create a task", "Add role"];

    [Theory]
    [InlineData(DemoTenant.Viewer, false)]
    [InlineData(DemoTenant.Member, true)]
    public async Task Only_roles_that_may_change_records_see_write_controls_on_contact_and_company_pages(string user, bool writes)
    {
        await ActAsAsync(user);
        var contact = (await ActingServices.GetRequiredService<ContactService>().SearchAsync(new ContactQuery(), Ct)).Rows[0];
        var company = (await ActingServices.GetRequiredService<CompanyService>().ListAsync(new CompanyQuery(), Ct)).Items[0];

        var contacts = RenderAt<ContactsPage>("/contacts");
        contacts.WaitForAssertion(() => Assert.NotEmpty(contacts.FindAll("tbody a")), Loaded);
        var contactPage = Render<ContactPage>(p => p.Add(c => c.Id, contact.Id));
        contactPage.WaitForAssertion(() => Assert.NotEmpty(contactPage.FindAll("h1")), Loaded);
        var companies = RenderAt<CompaniesPage>("/companies");
        companies.WaitForAssertion(() => Assert.NotEmpty(companies.FindAll("tbody a")), Loaded);
        var companyPage = Render<CompanyPage>(p => p.Add(c => c.Id, company.Id));
        companyPage.WaitForAssertion(() => Assert.NotEmpty(companyPage.FindAll("h1")), Loaded);

        var shown = new[] { contacts.Markup, contactPage.Markup, companies.Markup, companyPage.Markup }
            .SelectMany(markup => WriteControls.Where(label => markup.Contains($">{label}<") || markup.Contains($"{label}</span>"))).Distinct().ToList();
        if (writes)
            Assert.Superset(new HashSet<string>(["New contact", "New company", "New deal", "Edit", "Delete", "Log a call"]), shown.ToHashSet());
        else
            Assert.Empty(shown);
        // Bulk actions start from the Select toggle, which only writers get; the row checkboxes come with it.
        Assert.Equal(writes, contacts.FindAll("[data-testid=select-toggle]").Count > 0);
        Assert.Empty(contacts.FindAll("tbody input[type=checkbox]"));
        Assert.Equal(writes, companyPage.FindAll(".mud-chip-close-button").Count > 0 || companyPage.Markup.Contains("Add role"));
    }

    [Fact]
    public async Task Select_shows_a_checkbox_before_each_contact_whose_ticks_bring_the_bulk_actions_and_select_again_drops_them()
    {
        await ActAsAsync(DemoTenant.Member);
        var contacts = RenderAt<ContactsPage>("/contacts");
        contacts.WaitForAssertion(() => Assert.NotEmpty(contacts.FindAll("tbody a")), Loaded);
        var rows = contacts.FindAll("tbody tr").Count;
        Assert.Empty(contacts.FindAll("tbody input[type=checkbox]"));
        Assert.Equal("false", contacts.Find("[data-testid=select-toggle]").GetAttribute("aria-pressed"));

        await contacts.InvokeAsync(() => contacts.Find("[data-testid=select-toggle]").Click());

        contacts.WaitForAssertion(() => Assert.Equal(rows, contacts.FindAll("tbody tr td:first-child input[type=checkbox]").Count));
        Assert.Equal("true", contacts.Find("[data-testid=select-toggle]").GetAttribute("aria-pressed"));
        Assert.DoesNotContain("selected<", contacts.Markup);
        await contacts.InvokeAsync(() => contacts.FindAll("tbody input[type=checkbox]")[0].Change(true));
        await contacts.InvokeAsync(() => contacts.FindAll("tbody input[type=checkbox]")[1].Change(true));
        contacts.WaitForAssertion(() => Assert.Contains("2 selected", contacts.Markup));
        Assert.NotEmpty(contacts.FindAll("button").Where(b => b.TextContent.Trim() == "Delete"));

        await contacts.InvokeAsync(() => contacts.Find("[data-testid=select-toggle]").Click());

        contacts.WaitForAssertion(() => Assert.Empty(contacts.FindAll("tbody input[type=checkbox]")));
        Assert.DoesNotContain("2 selected", contacts.Markup);
        Assert.Equal(rows, contacts.FindAll("tbody a[href^='/contacts/']").Count);
    }

    [Fact]
    public async Task A_page_past_the_last_shows_the_last_page_instead_of_no_matches()
    {
        await ActAsAsync(DemoTenant.Member);

        var contacts = RenderAt<ContactsPage>("/contacts?page=999");
        var companies = RenderAt<CompaniesPage>("/companies?page=999");

        contacts.WaitForAssertion(() => Assert.NotEmpty(contacts.FindAll("tbody a[href^='/contacts/']")), Loaded);
        companies.WaitForAssertion(() => Assert.NotEmpty(companies.FindAll("tbody a[href^='/companies/']")), Loaded);
        Assert.DoesNotContain("No contacts match", contacts.Markup);
        Assert.DoesNotContain("No companies match", companies.Markup);
    }

    [Fact]
    public async Task The_companies_filters_come_back_from_the_address_on_reload()
    {
        await ActAsAsync(DemoTenant.Member);
        var me = ActingServices.GetRequiredService<CrmBlazor.Tenancy.ITenantContext>().UserId!.Value;
        var service = ActingServices.GetRequiredService<CompanyService>();
        var mine = await service.CreateAsync(new CompanyForm { Name = "Reloaded Customer Co", OwnerId = me, Roles = ["customer"] }, Ct);

        // What the list wrote into the address bar before the reload: Mine, customers, by domain descending.
        var page = RenderAt<CompaniesPage>($"/companies?role=customer&owner={me}&sort=domain&desc=true");

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("tbody a"), a => a.TextContent == "Reloaded Customer Co"), Loaded);
        var listed = await service.ListAsync(new CompanyQuery(Role: "customer", OwnerId: me, SortBy: CompanySort.Domain, Descending: true), Ct);
        Assert.Equal(listed.Items.Select(c => c.Name), page.FindAll("tbody a[href^='/companies/']").Select(a => a.TextContent));
        Assert.Contains("Mine", page.FindAll(".mud-select input").Select(i => i.GetAttribute("value")));
        Assert.Contains(mine.Id!.Value, listed.Items.Select(c => c.Id));
    }

    [Fact]
    public async Task Cancelling_a_changed_contact_form_asks_before_discarding_and_an_unchanged_one_closes_at_once()
    {
        await ActAsAsync(DemoTenant.Member);
        var dialog = await ShowDialogAsync<ContactDialog>("New contact");
        dialog.WaitForAssertion(() => Assert.NotNull(DialogFields.Input(dialog, "Email")), Loaded);

        await dialog.InvokeAsync(() => DialogFields.Input(dialog, "First name").Change("Half-filled"));
        await dialog.InvokeAsync(() => Button(dialog, "Cancel").Click());
        dialog.WaitForAssertion(() => Assert.Contains(FormDialogKeys.DiscardTitle, dialog.Markup));
        await dialog.InvokeAsync(() => Button(dialog, "Keep editing").Click());
        dialog.WaitForAssertion(() => Assert.DoesNotContain(FormDialogKeys.DiscardTitle, dialog.Markup));
        Assert.Equal("Half-filled", DialogFields.Input(dialog, "First name").GetAttribute("value"));

        await dialog.InvokeAsync(() => Button(dialog, "Cancel").Click());
        dialog.WaitForAssertion(() => Assert.Contains(FormDialogKeys.DiscardTitle, dialog.Markup));
        await dialog.InvokeAsync(() => Button(dialog, "Discard").Click());
        dialog.WaitForAssertion(() => Assert.Empty(dialog.FindAll(".mud-dialog")));

        // Untouched (or a field typed in and emptied again), Cancel closes without asking.
        await dialog.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<ContactDialog>("New contact"));
        dialog.WaitForAssertion(() => Assert.NotNull(DialogFields.Input(dialog, "Email")), Loaded);
        await dialog.InvokeAsync(() => DialogFields.Input(dialog, "First name").Change(""));
        await dialog.InvokeAsync(() => Button(dialog, "Cancel").Click());
        dialog.WaitForAssertion(() => Assert.Empty(dialog.FindAll(".mud-dialog")));
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<MudDialogProvider> dialog, string text) =>
        dialog.FindAll("button").Single(b => b.TextContent.Trim() == text);

    private IRenderedComponent<MudPopoverProvider>? popovers;

    private IRenderedComponent<TPage> RenderAt<TPage>(string url) where TPage : IComponent
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(url);
        popovers ??= Render<MudPopoverProvider>();
        return Render<TPage>();
    }
}

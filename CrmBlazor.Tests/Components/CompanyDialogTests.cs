using AngleSharp.Dom;
using Bunit;
using CrmBlazor.Features.Companies;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Npgsql;

namespace CrmBlazor.Tests.Components;

/// <summary>The dialog shows the service's verdicts next to the fields they concern; the service runs on a real database.</summary>
public sealed class CompanyDialogTests : CrmBunitContext, IClassFixture<CrmDatabase>, IAsyncLifetime
{
    private readonly CrmDatabase database;
    private NpgsqlDataSource dataSource = default!;
    private Guid takenCompanyId;

    public CompanyDialogTests(CrmDatabase database) => this.database = database;

    public async ValueTask InitializeAsync()
    {
        await using var session = await DbSession.OpenAsync(database.AppConnectionString);
        var tenant = await session.CreateTenantAsync("Dialog Test Org");
        var member = await session.AddUserAsync("Member");
        takenCompanyId = await session.AddCompanyAsync("Taken Inc", "taken.example");

        var acting = new TenantSnapshot(tenant.Id, member, "Member");
        dataSource = new NpgsqlDataSourceBuilder(database.AppConnectionString).Build();
        Services.AddSingleton<ITenantContext>(acting);
        Services.AddSingleton<IDbContextFactory<CrmBlazor.Data.CrmDbContext>>(new RecordingDbContextFactory(dataSource, acting));
        Services.AddScoped<PermissionGuard>();
        Services.AddScoped<CompanyService>();
        Services.AddScoped<LookupService>();
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await dataSource.DisposeAsync();
    }

    [Fact]
    public async Task An_invalid_domain_is_reported_under_the_domain_field()
    {
        var dialog = await OpenNewCompanyDialogAsync();

        Fill(dialog, "Name", "Acme Rockets");
        Fill(dialog, "Domain", "https://acme rockets/");
        SaveButton(dialog).Click();

        dialog.WaitForAssertion(() => Assert.Equal(CompanyForm.InvalidDomain, ErrorUnder(dialog, "Domain")), TimeSpan.FromSeconds(10));
        Assert.Null(ErrorUnder(dialog, "Name"));
    }

    [Fact]
    public async Task A_domain_another_company_has_is_reported_with_a_link_to_that_company()
    {
        var dialog = await OpenNewCompanyDialogAsync();

        Fill(dialog, "Name", "Copycat Inc");
        Fill(dialog, "Domain", "TAKEN.example");
        SaveButton(dialog).Click();

        dialog.WaitForAssertion(() => Assert.Equal(CompanyService.DuplicateDomain, ErrorUnder(dialog, "Domain")), TimeSpan.FromSeconds(10));
        var link = dialog.FindAll("a").Single(a => a.TextContent.Contains("existing company"));
        Assert.Equal($"/companies/{takenCompanyId}", link.GetAttribute("href"));
    }

    [Fact]
    public async Task A_blank_name_is_reported_under_the_name_field()
    {
        var dialog = await OpenNewCompanyDialogAsync();

        Fill(dialog, "Domain", "nameless.example");
        SaveButton(dialog).Click();

        dialog.WaitForAssertion(() => Assert.Equal(CompanyForm.MissingName, ErrorUnder(dialog, "Name")), TimeSpan.FromSeconds(10));
        Assert.Null(ErrorUnder(dialog, "Domain"));
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenNewCompanyDialogAsync()
    {
        var provider = await ShowDialogAsync<CompanyDialog>("New company");
        // Save is enabled once the owners have loaded.
        provider.WaitForAssertion(() => Assert.Null(SaveButton(provider).GetAttribute("disabled")), TimeSpan.FromSeconds(10));
        return provider;
    }

    private static IElement SaveButton(IRenderedComponent<MudDialogProvider> dialog) =>
        dialog.FindAll("button").Single(b => b.TextContent.Trim() == "Save");

    /// <summary>Types TEXT into the labelled field and waits until the field has rendered it.</summary>
    private static void Fill(IRenderedComponent<MudDialogProvider> dialog, string label, string text)
    {
        Field(dialog, label).Change(text);
        dialog.WaitForAssertion(() => Assert.Equal(text, Field(dialog, label).GetAttribute("value")));
    }

    /// <summary>The input a label names, found the way a screen reader would: label[for] → input#id.</summary>
    private static IElement Field(IRenderedComponent<MudDialogProvider> dialog, string label)
    {
        var id = dialog.FindAll("label").Single(l => l.TextContent.Trim().TrimEnd('*').Trim() == label).GetAttribute("for");
        return dialog.Find($"#{id}");
    }

    /// <summary>The error text shown inside the same form control as the labelled field, or null.</summary>
    private static string? ErrorUnder(IRenderedComponent<MudDialogProvider> dialog, string label) =>
        Field(dialog, label).Closest(".mud-input-control")?.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim() is { Length: > 0 } text
            ? text : null;
}

using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Companies;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CrmBlazor.Tests.Services;

public sealed class CompanyServiceTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_website_without_a_scheme_gets_https_and_a_domain_typed_as_a_url_is_tidied_to_its_host()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var companies = scope.ServiceProvider.GetRequiredService<CompanyService>();

        var saved = await companies.CreateAsync(new CompanyForm { Name = "Tidy Widgets", Website = " tidywidgets.example/about ", Domain = "https://www.TidyWidgets.Example/path" }, Ct);

        Assert.True(saved.Succeeded, string.Join(", ", saved.Errors.Values));
        var form = await companies.GetFormAsync(saved.Id!.Value, Ct);
        Assert.Equal("https://tidywidgets.example/about", form!.Website);
        Assert.Equal("tidywidgets.example", form.Domain);
    }

    [Fact]
    public async Task A_website_with_another_scheme_is_refused_next_to_the_field()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var companies = scope.ServiceProvider.GetRequiredService<CompanyService>();

        var result = await companies.CreateAsync(new CompanyForm { Name = "Ftp Co", Website = "ftp://files.example" }, Ct);

        Assert.Equal(WebAddress.InvalidWebsite, result.Errors[nameof(CompanyForm.Website)]);
    }

    [Fact]
    public async Task Sorting_by_a_column_puts_companies_without_a_value_last_in_both_directions()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var companies = scope.ServiceProvider.GetRequiredService<CompanyService>();
        Assert.True((await companies.CreateAsync(new CompanyForm { Name = "Aaa No Industry" }, Ct)).Succeeded);

        foreach (var descending in new[] { false, true })
        {
            var all = await companies.ListAsync(new CompanyQuery(SortBy: CompanySort.Industry, Descending: descending, PageSize: 100), Ct);
            var industries = all.Items.Select(c => c.Industry).ToList();
            Assert.Contains(industries, i => i is not null);
            var firstEmpty = industries.IndexOf(null);
            Assert.True(firstEmpty > 0 && industries.Skip(firstEmpty).All(i => i is null),
                $"Descending {descending}: {string.Join(", ", industries.Select(i => i ?? "(none)"))}");
        }
    }

    [Fact]
    public async Task The_owner_filter_lists_only_that_owners_companies()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var companies = scope.ServiceProvider.GetRequiredService<CompanyService>();
        var me = scope.ServiceProvider.GetRequiredService<ITenantContext>().UserId;
        var saved = await companies.CreateAsync(new CompanyForm { Name = "Mine Only Co", OwnerId = me }, Ct);

        var mine = await companies.ListAsync(new CompanyQuery(OwnerId: me, PageSize: 100), Ct);

        Assert.Contains(mine.Items, c => c.Id == saved.Id);
        Assert.All(mine.Items, c => Assert.Equal(mine.Items[0].OwnerName, c.OwnerName));
        Assert.True(mine.TotalCount < (await companies.ListAsync(new CompanyQuery(), Ct)).TotalCount);
    }
    [Fact]
    public async Task A_member_creates_a_company_with_its_roles_in_one_save()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var companies = scope.ServiceProvider.GetRequiredService<CompanyService>();

        var saved = await companies.CreateAsync(new CompanyForm
        {
            Name = "  Initrode  ", Domain = "Initrode.Example", City = "Austin",
            Roles = [CompanyRole.Principal, CompanyRole.Customer],
        }, Ct);

        Assert.True(saved.Succeeded, string.Join(", ", saved.Errors.Values));
        var details = await companies.GetAsync(saved.Id!.Value, Ct);
        Assert.Equal("Initrode", details!.Name);
        Assert.Equal("initrode.example", details.Domain);
        Assert.Equal([CompanyRole.Customer, CompanyRole.Principal], details.Roles);
    }

    [Fact]
    public async Task A_duplicate_active_domain_is_a_field_error_that_points_at_the_existing_company()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var companies = scope.ServiceProvider.GetRequiredService<CompanyService>();
        var northwind = (await companies.ListAsync(new CompanyQuery(Search: "Northwind"), Ct)).Items.Single();

        var result = await companies.CreateAsync(new CompanyForm { Name = "Northwind Again", Domain = "NORTHWIND.example" }, Ct);

        Assert.False(result.Succeeded);
        Assert.Equal(CompanyService.DuplicateDomain, result.Errors[nameof(CompanyForm.Domain)]);
        Assert.Equal(northwind.Id, result.ExistingId);
        Assert.Empty((await companies.ListAsync(new CompanyQuery(Search: "Northwind Again"), Ct)).Items);
    }

    [Fact]
    public async Task A_malformed_domain_or_a_blank_name_is_refused_with_field_errors()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var companies = scope.ServiceProvider.GetRequiredService<CompanyService>();

        var result = await companies.CreateAsync(new CompanyForm { Name = " ", Domain = "https://bad domain/" }, Ct);

        Assert.Equal(CompanyForm.MissingName, result.Errors[nameof(CompanyForm.Name)]);
        Assert.Equal(CompanyForm.InvalidDomain, result.Errors[nameof(CompanyForm.Domain)]);
    }

    [Fact]
    public async Task A_company_search_reads_percent_underscore_and_backslash_as_word_breaks_not_wildcards()
    {
        // An organization of its own, so these names stay out of this class's other searches (one looks for "%").
        await using var session = await DbSession.OpenAsync(Database.AppConnectionString);
        var tenant = await session.CreateTenantAsync("Literal Search Ltd");
        // Each second name is what the first's search would also find if the typed text were a LIKE pattern.
        foreach (var name in new[] { "50% Off Outlet", "500 Off Widgets", "Data_base Systems", "Dataxbase Systems", @"Back\slash Tools", "Backslash Tools" })
            await session.AddCompanyAsync(name);
        var acting = new TenantSnapshot(tenant.Id, tenant.OwnerId, "Owner");
        await using var dataSource = new NpgsqlDataSourceBuilder(Database.AppConnectionString).Build();
        var contexts = new RecordingDbContextFactory(dataSource, acting);
        var companies = new CompanyService(contexts, new PermissionGuard(acting, contexts), TimeProvider.System);
        var lookups = new LookupService(contexts);

        // The search's rules (Sql/search.sql) read text as words of letters and digits: the rest separates them.
        Assert.Equal(["50% Off Outlet"], await FoundAsync("50% off"));
        Assert.Equal(["Data_base Systems"], await FoundAsync("data_base"));
        Assert.Equal([@"Back\slash Tools"], await FoundAsync(@"back\slash"));
        Assert.Empty(await FoundAsync("%"));
        Assert.Empty(await FoundAsync("_"));
        Assert.Empty(await FoundAsync(@"\"));

        // The pickers' autocomplete and the company list search alike.
        async Task<string[]> FoundAsync(string typed)
        {
            var picked = (await lookups.FindCompaniesAsync(typed, Ct)).Select(c => c.Name).ToArray();
            var listed = (await companies.ListAsync(new CompanyQuery(Search: typed), Ct)).Items.Select(c => c.Name).ToArray();
            Assert.Equal(picked, listed);
            return picked;
        }
    }

    [Fact]
    public async Task A_deleted_company_leaves_lists_and_search_and_comes_back_on_restore()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var companies = scope.ServiceProvider.GetRequiredService<CompanyService>();
        var id = (await companies.CreateAsync(new CompanyForm { Name = "Ephemeral Ltd", Domain = "ephemeral.example" }, Ct)).Id!.Value;

        Assert.True(await companies.DeleteAsync(id, Ct));

        Assert.Null(await companies.GetAsync(id, Ct));
        Assert.Empty((await companies.ListAsync(new CompanyQuery(Search: "Ephemeral"), Ct)).Items);
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        Assert.Equal(1L, await session.CountAsync("companies where id = @id and deleted_at is not null", ("id", id)));

        var restored = await companies.RestoreAsync(id, Ct);

        Assert.True(restored.Succeeded);
        Assert.Equal("Ephemeral Ltd", (await companies.GetAsync(id, Ct))!.Name);
        Assert.Equal(1L, await session.CountAsync("companies where id = @id and deleted_at is null", ("id", id)));
    }

    [Fact]
    public async Task A_deleted_company_whose_domain_was_taken_meanwhile_is_not_restored()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var companies = scope.ServiceProvider.GetRequiredService<CompanyService>();
        var first = (await companies.CreateAsync(new CompanyForm { Name = "First Owner Of Domain", Domain = "handed-on.example" }, Ct)).Id!.Value;
        Assert.True(await companies.DeleteAsync(first, Ct));
        var second = (await companies.CreateAsync(new CompanyForm { Name = "Second Owner Of Domain", Domain = "handed-on.example" }, Ct)).Id!.Value;

        var restored = await companies.RestoreAsync(first, Ct);

        Assert.Equal(CompanyService.DomainTakenOnRestore, restored.Errors[nameof(CompanyForm.Domain)]);
        Assert.Equal(second, restored.ExistingId);
        Assert.Null(await companies.GetAsync(first, Ct));
    }

    [Fact]
    public async Task Another_organizations_company_cannot_be_read_edited_or_deleted()
    {
        await using var session = await DbSession.OpenAsync(Database.AppConnectionString);
        await session.CreateTenantAsync("Elsewhere Ltd");
        var theirs = await session.AddCompanyAsync("Their Company", "theirs.example");
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Owner);
        var companies = scope.ServiceProvider.GetRequiredService<CompanyService>();

        Assert.Null(await companies.GetAsync(theirs, Ct));
        Assert.Null(await companies.GetFormAsync(theirs, Ct));
        Assert.True((await companies.UpdateAsync(theirs, new CompanyForm { Name = "Hijacked", Version = 1 }, Ct)).IsGone);
        Assert.True((await companies.AddRoleAsync(theirs, CompanyRole.Customer, Ct)).IsGone);
        Assert.False(await companies.DeleteAsync(theirs, Ct));
        Assert.True((await companies.RestoreAsync(theirs, Ct)).IsGone);
        Assert.True((await companies.CreateAsync(new CompanyForm { Name = "Ours, same domain", Domain = "theirs.example" }, Ct)).Succeeded);
        Assert.Equal(1L, await session.CountAsync("companies where id = @id and name = 'Their Company' and deleted_at is null", ("id", theirs)));
    }

    [Fact]
    public async Task A_stale_edit_is_refused_and_shows_the_values_saved_first()
    {
        await using var maria = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        await using var dana = await DemoTenant.ActAsAsync(App, DemoTenant.Owner);
        var mariasCompanies = maria.ServiceProvider.GetRequiredService<CompanyService>();
        var danasCompanies = dana.ServiceProvider.GetRequiredService<CompanyService>();
        var id = (await mariasCompanies.CreateAsync(new CompanyForm { Name = "Contested Corp" }, Ct)).Id!.Value;
        var mariasForm = (await mariasCompanies.GetFormAsync(id, Ct))!;
        var danasForm = (await danasCompanies.GetFormAsync(id, Ct))!;

        mariasForm.Industry = "Mining";
        Assert.True((await mariasCompanies.UpdateAsync(id, mariasForm, Ct)).Succeeded);
        danasForm.Industry = "Shipping";
        danasForm.Roles = [CompanyRole.Vendor];
        var second = await danasCompanies.UpdateAsync(id, danasForm, Ct);

        Assert.False(second.Succeeded);
        Assert.True(second.Conflict);
        Assert.Equal(CompanyService.ChangedBySomeoneElse, second.Problem);
        Assert.Equal("Mining", second.Current!.Industry);
        Assert.NotEqual(danasForm.Version, second.Current.Version);
        var stored = (await mariasCompanies.GetAsync(id, Ct))!;
        Assert.Equal("Mining", stored.Industry);
        Assert.Empty(stored.Roles);
    }

    [Fact]
    public async Task A_role_change_made_meanwhile_makes_an_open_edit_stale()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var companies = scope.ServiceProvider.GetRequiredService<CompanyService>();
        var id = (await companies.CreateAsync(new CompanyForm { Name = "Role Race Inc", Roles = [CompanyRole.Prospect] }, Ct)).Id!.Value;
        var openForm = (await companies.GetFormAsync(id, Ct))!;

        Assert.True((await companies.AddRoleAsync(id, CompanyRole.Customer, Ct)).Succeeded);
        openForm.Roles = [];
        var stale = await companies.UpdateAsync(id, openForm, Ct);

        Assert.True(stale.Conflict);
        Assert.Equal([CompanyRole.Customer, CompanyRole.Prospect], stale.Current!.Roles);
        Assert.Equal([CompanyRole.Customer, CompanyRole.Prospect], (await companies.GetAsync(id, Ct))!.Roles);
    }

    [Fact]
    public async Task A_viewer_cannot_save_a_company()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Viewer);
        var companies = scope.ServiceProvider.GetRequiredService<CompanyService>();
        var before = (await companies.ListAsync(new CompanyQuery(), Ct)).TotalCount;

        var refusal = await Assert.ThrowsAsync<PermissionDeniedException>(() =>
            companies.CreateAsync(new CompanyForm { Name = "Viewer Ventures" }, Ct));

        Assert.Contains("Viewer", refusal.Message);
        Assert.Equal(before, (await companies.ListAsync(new CompanyQuery(), Ct)).TotalCount);
        var fabrikam = (await companies.ListAsync(new CompanyQuery(Search: "Fabrikam"), Ct)).Items.Single();
        await Assert.ThrowsAsync<PermissionDeniedException>(() => companies.DeleteAsync(fabrikam.Id, Ct));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => companies.RemoveRoleAsync(fabrikam.Id, CompanyRole.Vendor, Ct));
        Assert.NotNull(await companies.GetAsync(fabrikam.Id, Ct));
        Assert.Contains(CompanyRole.Vendor, (await companies.GetAsync(fabrikam.Id, Ct))!.Roles);
    }

    [Fact]
    public async Task A_principal_role_still_used_on_a_deal_cannot_be_removed()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var companies = scope.ServiceProvider.GetRequiredService<CompanyService>();
        var id = (await companies.CreateAsync(new CompanyForm { Name = "Supplier GmbH", Roles = [CompanyRole.Principal, CompanyRole.Vendor] }, Ct)).Id!.Value;
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var dealId = await session.ScalarAsync<Guid>("select id from deals where deleted_at is null order by title limit 1");
        await session.AddParticipantAsync(dealId, id, DealParticipant.Principal);

        var removal = await companies.RemoveRoleAsync(id, CompanyRole.Principal, Ct);
        var form = (await companies.GetFormAsync(id, Ct))!;
        form.Roles = [CompanyRole.Vendor];
        var edit = await companies.UpdateAsync(id, form, Ct);

        var expected = "This company is the principal on 1 deal; take it off that deal before removing the Principal role.";
        Assert.Equal(expected, removal.Errors[nameof(CompanyForm.Roles)]);
        Assert.Equal(expected, edit.Errors[nameof(CompanyForm.Roles)]);
        Assert.Equal([CompanyRole.Vendor, CompanyRole.Principal], (await companies.GetAsync(id, Ct))!.Roles);
        Assert.True((await companies.RemoveRoleAsync(id, CompanyRole.Vendor, Ct)).Succeeded);
    }

    [Fact]
    public async Task The_database_refuses_the_role_removal_the_service_describes()
    {
        // The rule the service checks first is the database's: its constraint name maps to the same field.
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Member);
        var companyId = await session.AddCompanyAsync();
        await session.AddCompanyRoleAsync(companyId, CompanyRole.Distributor);
        var dealId = await session.ScalarAsync<Guid>("select id from deals where deleted_at is null order by title limit 1");
        await session.AddParticipantAsync(dealId, companyId, DealParticipant.Distributor);

        var error = await DbAssert.FailsAsync(PostgresErrorCodes.ForeignKeyViolation, () =>
            session.ExecuteAsync("delete from company_roles where company_id = @c", ("c", companyId)));

        Assert.Equal(nameof(CompanyForm.Roles), CompanyConstraints.Describe(error)!.Field);
    }

    [Fact]
    public async Task Search_sorting_and_paging_run_in_sql_and_count_every_match()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var companies = scope.ServiceProvider.GetRequiredService<CompanyService>();
        var prefix = "Pager " + Guid.NewGuid().ToString("N")[..8];
        foreach (var letter in new[] { "D", "A", "G", "C", "F", "B", "E" })
            Assert.True((await companies.CreateAsync(new CompanyForm { Name = $"{prefix} {letter}", Roles = letter is "A" or "E" ? [CompanyRole.Vendor] : [] }, Ct)).Succeeded);
        var recording = new RecordingDbContextFactory(scope.ServiceProvider.GetRequiredService<NpgsqlDataSource>(),
            scope.ServiceProvider.GetRequiredService<ITenantContext>());
        var recorded = new CompanyService(recording, scope.ServiceProvider.GetRequiredService<PermissionGuard>(), TimeProvider.System);

        var page2 = await recorded.ListAsync(new CompanyQuery(Search: prefix.ToUpperInvariant(), Page: 1, PageSize: 5), Ct);
        var descending = await recorded.ListAsync(new CompanyQuery(Search: prefix, SortBy: CompanySort.Name, Descending: true, PageSize: 3), Ct);
        var vendors = await recorded.ListAsync(new CompanyQuery(Search: prefix, Role: CompanyRole.Vendor), Ct);
        var wildcard = await recorded.ListAsync(new CompanyQuery(Search: "%"), Ct);

        // Without a chosen sort, a search lists the best matches first: these match alike, so the most recently
        // changed first (E, B, F, C, G, A, D), and the second page of five is A, D.
        Assert.Equal([$"{prefix} A", $"{prefix} D"], page2.Items.Select(c => c.Name));
        Assert.Equal(7, page2.TotalCount);
        Assert.Equal([$"{prefix} G", $"{prefix} F", $"{prefix} E"], descending.Items.Select(c => c.Name));
        Assert.Equal([$"{prefix} E", $"{prefix} A"], vendors.Items.Select(c => c.Name));
        Assert.Empty(wildcard.Items);
        Assert.All(recording.Commands.Where(sql => sql.Contains("FROM companies")), sql => Assert.DoesNotContain("LIKE", sql));
        Assert.Contains(recording.Commands, sql => sql.Contains("crm_search("));
        var sortedPage = recording.Commands.Single(sql => sql.Contains("ORDER BY c.name DESC"));
        Assert.Contains("LIMIT", sortedPage);
    }

    [Fact]
    public async Task The_list_sorts_by_contact_count_and_shows_roles_and_owner()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var companies = scope.ServiceProvider.GetRequiredService<CompanyService>();

        // Every demo company's domain ends in .example.
        var page = await companies.ListAsync(new CompanyQuery(Search: "example", SortBy: CompanySort.ContactCount, Descending: true, PageSize: 100), Ct);

        Assert.Equal(page.Items.Select(c => c.ContactCount).OrderByDescending(n => n), page.Items.Select(c => c.ContactCount));
        var fabrikam = page.Items.Single(c => c.Name == "Fabrikam Robotics");
        Assert.Equal([CompanyRole.Vendor, CompanyRole.Principal], fabrikam.Roles);
        // Contacts 2, 14, 26 and 38 of the demo (the last third have no company).
        Assert.Equal(4, fabrikam.ContactCount);
        Assert.False(string.IsNullOrEmpty(fabrikam.OwnerName));
    }
}

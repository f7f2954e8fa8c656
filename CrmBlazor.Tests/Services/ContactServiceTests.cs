using CrmBlazor.Features.Contacts;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Services;

public sealed class ContactServiceTests(CrmDatabase database) : DemoAppTests(database)
{
    [Theory]
    [InlineData(ContactSort.Company)]
    [InlineData(ContactSort.LastActivity)]
    public async Task Sorting_by_a_column_puts_contacts_without_a_value_last_in_both_directions(ContactSort sort)
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var contacts = scope.ServiceProvider.GetRequiredService<ContactService>();
        Assert.True((await contacts.CreateAsync(new ContactForm { LastName = "Aardvark Unattached" }, TestContext.Current.CancellationToken)).Succeeded);

        foreach (var descending in new[] { false, true })
        {
            var page = await contacts.SearchAsync(new ContactQuery { Sort = sort, Descending = descending, PageSize = 100, Page = 0 }, TestContext.Current.CancellationToken);
            Assert.NotNull(sort == ContactSort.Company ? page.Rows[0].CompanyName : page.Rows[0].LastActivityAt);
            // The last page holds the empty ones, after every contact that has a value.
            var last = await contacts.SearchAsync(new ContactQuery { Sort = sort, Descending = descending, PageSize = 100, Page = (page.TotalCount - 1) / 100 }, TestContext.Current.CancellationToken);
            Assert.Null(sort == ContactSort.Company ? last.Rows[^1].CompanyName : last.Rows[^1].LastActivityAt);
        }
    }

    [Fact]
    public async Task A_viewer_cannot_save_a_contact_and_the_refusal_is_audited()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Viewer);
        var contacts = scope.ServiceProvider.GetRequiredService<ContactService>();
        var before = (await contacts.SearchAsync(new ContactQuery(), TestContext.Current.CancellationToken)).TotalCount;

        var refusal = await Assert.ThrowsAsync<PermissionDeniedException>(() =>
            contacts.CreateAsync(new ContactForm { FirstName = "Sneaky", LastName = "Viewer" }, TestContext.Current.CancellationToken));

        Assert.Contains("Viewer", refusal.Message);
        Assert.Equal(before, (await contacts.SearchAsync(new ContactQuery(), TestContext.Current.CancellationToken)).TotalCount);
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        Assert.Equal(1L, await owner.ScalarAsync<long>(
            "select count(*) from audit_logs a join users u on u.id = a.record_id where a.event = 'permission.denied' and u.normalized_email = upper(@e)",
            ("e", DemoTenant.Viewer)));
    }

    [Fact]
    public async Task A_member_saves_a_contact_and_reads_it_back()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var contacts = scope.ServiceProvider.GetRequiredService<ContactService>();

        var saved = await contacts.CreateAsync(new ContactForm { FirstName = "Nora", LastName = "Newcomer", Email = "nora@newcomer.example" },
            TestContext.Current.CancellationToken);

        Assert.True(saved.Succeeded, string.Join(", ", saved.Errors.Values));
        var details = await contacts.GetAsync(saved.Id!.Value, TestContext.Current.CancellationToken);
        Assert.Equal("Nora Newcomer", details!.DisplayName);
    }

    [Fact]
    public async Task A_duplicate_email_is_a_field_error_that_points_at_the_existing_contact()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var contacts = scope.ServiceProvider.GetRequiredService<ContactService>();
        var first = await contacts.CreateAsync(new ContactForm { FirstName = "Dup", Email = "dup@twice.example" }, TestContext.Current.CancellationToken);

        var second = await contacts.CreateAsync(new ContactForm { LastName = "Again", Email = "DUP@twice.example" }, TestContext.Current.CancellationToken);

        Assert.False(second.Succeeded);
        Assert.Equal(ContactService.DuplicateEmail, second.Errors[nameof(ContactForm.Email)]);
        Assert.Equal(first.Id, second.ExistingId);
    }

    [Fact]
    public async Task A_contact_without_any_name_is_refused_before_reaching_the_database()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var contacts = scope.ServiceProvider.GetRequiredService<ContactService>();

        var result = await contacts.CreateAsync(new ContactForm { Email = "nameless@example.com" }, TestContext.Current.CancellationToken);

        Assert.Equal("Enter a first or a last name.", result.Errors[nameof(ContactForm.FirstName)]);
    }

    [Fact]
    public async Task The_second_of_two_concurrent_edits_is_refused_with_the_fresh_values()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var contacts = scope.ServiceProvider.GetRequiredService<ContactService>();
        var ct = TestContext.Current.CancellationToken;
        var id = (await contacts.CreateAsync(new ContactForm { FirstName = "Edith", LastName = "Editor" }, ct)).Id!.Value;
        var annsCopy = (await contacts.GetAsync(id, ct))!.ToForm();
        var bensCopy = (await contacts.GetAsync(id, ct))!.ToForm();

        annsCopy.JobTitle = "Head of Sales";
        Assert.True((await contacts.UpdateAsync(id, annsCopy, ct)).Succeeded);
        bensCopy.JobTitle = "Intern";
        var refused = await contacts.UpdateAsync(id, bensCopy, ct);

        Assert.False(refused.Succeeded);
        Assert.Equal(ContactService.ChangedBySomeoneElse, refused.Errors[""]);
        Assert.Equal("Head of Sales", refused.Current!.JobTitle);
        Assert.Equal("Head of Sales", (await contacts.GetAsync(id, ct))!.JobTitle);
    }

    [Fact]
    public async Task Bulk_tagging_is_one_transaction_a_foreign_contact_stops_it_all()
    {
        await using var scope = await DemoTenant.ActAsAsync(App, DemoTenant.Member);
        var contacts = scope.ServiceProvider.GetRequiredService<ContactService>();
        var ct = TestContext.Current.CancellationToken;
        var mine = (await contacts.SearchAsync(new ContactQuery { PageSize = 10 }, ct)).Rows.Select(r => r.Id).ToList();
        var tag = await NewTagAsync("Bulk test");
        var otherTenantsContact = await ContactOfAnotherTenantAsync();

        await Assert.ThrowsAsync<Microsoft.EntityFrameworkCore.DbUpdateException>(() => contacts.BulkAddTagAsync([.. mine, otherTenantsContact], tag, ct));
        Assert.Equal(0, (await contacts.SearchAsync(new ContactQuery { TagId = tag }, ct)).TotalCount);

        await contacts.BulkAddTagAsync(mine, tag, ct);
        Assert.Equal(mine.Count, (await contacts.SearchAsync(new ContactQuery { TagId = tag }, ct)).TotalCount);
    }

    private async Task<Guid> NewTagAsync(string name)
    {
        await using var session = await DbSession.OpenAsync(Database.AppConnectionString);
        await session.ActAsAsync(await session.ScalarAsync<Guid>("select tenant_id from crm_find_user_for_sign_in(upper(@e))", ("e", DemoTenant.Member)));
        return await session.ScalarAsync<Guid>("insert into tags (name, color) values (@n, '#336699') returning id", ("n", name));
    }

    private async Task<Guid> ContactOfAnotherTenantAsync()
    {
        await using var session = await DbSession.OpenAsync(Database.AppConnectionString);
        await session.CreateTenantAsync("Elsewhere");
        return await session.AddContactAsync();
    }
}

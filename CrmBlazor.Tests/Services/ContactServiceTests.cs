using CrmBlazor.Features.Contacts;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Services;

public sealed class ContactServiceTests(CrmDatabase database) : IClassFixture<CrmDatabase>, IAsyncLifetime
{
    private CrmAppFactory app = default!;

    public async ValueTask InitializeAsync()
    {
        app = new CrmAppFactory(database.AppConnectionString);
        await app.SeedDemoAsync();
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task A_viewer_cannot_save_a_contact_and_the_refusal_is_audited()
    {
        await using var scope = await DemoTenant.ActAsAsync(app, DemoTenant.Viewer);
        var contacts = scope.ServiceProvider.GetRequiredService<ContactService>();
        var before = (await contacts.SearchAsync(new ContactQuery(), TestContext.Current.CancellationToken)).TotalCount;

        var refusal = await Assert.ThrowsAsync<PermissionDeniedException>(() =>
            contacts.CreateAsync(new ContactForm { FirstName = "Sneaky", LastName = "Viewer" }, TestContext.Current.CancellationToken));

        Assert.Contains("Viewer", refusal.Message);
        Assert.Equal(before, (await contacts.SearchAsync(new ContactQuery(), TestContext.Current.CancellationToken)).TotalCount);
        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString);
        Assert.Equal(1L, await owner.ScalarAsync<long>(
            "select count(*) from audit_logs a join users u on u.id = a.record_id where a.event = 'permission.denied' and u.normalized_email = upper(@e)",
            ("e", DemoTenant.Viewer)));
    }

    [Fact]
    public async Task A_member_saves_a_contact_and_reads_it_back()
    {
        await using var scope = await DemoTenant.ActAsAsync(app, DemoTenant.Member);
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
        await using var scope = await DemoTenant.ActAsAsync(app, DemoTenant.Member);
        var contacts = scope.ServiceProvider.GetRequiredService<ContactService>();
        var first = await contacts.CreateAsync(new ContactForm { FirstName = "Dup", Email = "dup@twice.example" }, TestContext.Current.CancellationToken);

        var second = await contacts.CreateAsync(new ContactForm { LastName = "Again", Email = "DUP@twice.example" }, TestContext.Current.CancellationToken);

        Assert.False(second.Succeeded);
        Assert.Equal(ContactService.DuplicateEmail, second.Errors[nameof(ContactForm.Email)]);
        Assert.Equal(first.Id, second.ExistingContactId);
    }

    [Fact]
    public async Task A_contact_without_any_name_is_refused_before_reaching_the_database()
    {
        await using var scope = await DemoTenant.ActAsAsync(app, DemoTenant.Member);
        var contacts = scope.ServiceProvider.GetRequiredService<ContactService>();

        var result = await contacts.CreateAsync(new ContactForm { Email = "nameless@example.com" }, TestContext.Current.CancellationToken);

        Assert.Equal("Enter a first or a last name.", result.Errors[nameof(ContactForm.FirstName)]);
    }
}

using CrmBlazor.Features.Contacts;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Services;

/// <summary>The contacts list query at 100,000 contacts: found through the trigram index, never a sequential scan.</summary>
public sealed class ContactSearchTests(CrmDatabase database) : IClassFixture<CrmDatabase>, IAsyncLifetime
{
    private TestTenant tenant = default!;
    private Guid memberId;

    public async ValueTask InitializeAsync()
    {
        await using (var app = await DbSession.OpenAsync(database.AppConnectionString))
        {
            tenant = await app.CreateTenantAsync("Search tenant");
            memberId = await app.AddUserAsync("Member");
            var other = await app.CreateTenantAsync("Noise tenant");
            await app.ActAsAsync(other);
            await app.ExecuteAsync("insert into contacts (first_name, last_name) select 'Other', 'Person' || i from generate_series(1, 2000) i");
        }
        // Bulk rows for the planner, written by the owner with the audit and stamp triggers off: this is test data, not history.
        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString, tenant.Id);
        await owner.ExecuteAsync("alter table contacts disable trigger user");
        await owner.ExecuteAsync("""
            insert into contacts (first_name, last_name, email, phone)
            select (array['Ada','Grace','Alan','Edsger','Barbara','Donald'])[1 + i % 6], 'Family' || i, 'person' || i || '@example.com', '+1 555 ' || i
            from generate_series(1, 100000) i
            """);
        await owner.ExecuteAsync("insert into contacts (first_name, last_name, email) values ('Bartholomew', 'Quibblesworth', 'bart@quibble.example')");
        await owner.ExecuteAsync("alter table contacts enable trigger user");
        await owner.ExecuteAsync("analyze contacts");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData("Quibblesworth")]
    [InlineData("quiblesworth")]
    [InlineData("family4242")]
    [InlineData("555 123")]
    public async Task Searching_never_scans_the_whole_contacts_table(string search)
    {
        var capture = new CommandCapture();
        await using var contexts = new TestDbContexts(database.AppConnectionString);
        var contacts = Service(contexts, capture);

        var result = await contacts.SearchAsync(new ContactQuery { Search = search }, TestContext.Current.CancellationToken);

        Assert.NotEmpty(result.Rows);
        var plans = new List<string>();
        foreach (var (sql, parameters) in capture.Commands)
            plans.Add(await ExplainAsync(database.AppConnectionString, sql, parameters));
        // The text search itself runs inside a function as its owner; explain its body the way it runs.
        var function = plans.Any(p => p.Contains("crm_contacts_similar_to")) ? "crm_contacts_similar_to" : "crm_contacts_matching";
        var argument = function == "crm_contacts_matching" ? $"%{search.ToLowerInvariant()}%" : search.ToLowerInvariant();
        plans.Add(await ExplainAsync(database.OwnerConnectionString, await FunctionBodyAsync(function), [new NpgsqlParameter { Value = argument }]));

        Assert.Contains(plans, plan => plan.Contains("ix_contacts_search_trgm"));
        Assert.All(plans, plan => Assert.DoesNotContain("Seq Scan on contacts", plan));
    }

    [Fact]
    public async Task A_misspelled_fragment_finds_the_contact_first()
    {
        await using var contexts = new TestDbContexts(database.AppConnectionString);

        var result = await Service(contexts).SearchAsync(new ContactQuery { Search = "Quiblesworth" }, TestContext.Current.CancellationToken);

        Assert.Equal("Bartholomew Quibblesworth", result.Rows[0].DisplayName);
    }

    private ContactService Service(TestDbContexts contexts, CommandCapture? capture = null)
    {
        var factory = capture is null ? contexts.Factory(tenant.Id, memberId, "Member") : contexts.Factory(tenant.Id, memberId, "Member", capture);
        var tenantContext = new TenantContext();
        tenantContext.Set(tenant.Id, memberId, "Member");
        return new ContactService(factory, new PermissionGuard(tenantContext, factory));
    }

    private async Task<string> FunctionBodyAsync(string name)
    {
        await using var session = await DbSession.OpenAsync(database.OwnerConnectionString);
        return await session.ScalarAsync<string>("select prosrc from pg_proc where proname = @n", ("n", name));
    }

    private async Task<string> ExplainAsync(string connectionString, string sql, NpgsqlParameter[] parameters)
    {
        await using var session = await DbSession.OpenAsync(connectionString, tenant.Id, memberId);
        await using var command = new NpgsqlCommand("explain " + sql, session.Connection);
        command.Parameters.AddRange(parameters);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken)) lines.Add(reader.GetString(0));
        return string.Join('\n', lines);
    }
}

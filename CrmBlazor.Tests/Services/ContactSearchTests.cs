using CrmBlazor.Features.Contacts;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Services;

/// <summary>
/// The search tests' database: 100,000 contacts in one tenant beside a noise tenant, loaded once for
/// the class (the tests only read them), so the run does not load them again for every test.
/// </summary>
public sealed class SearchContacts(PostgresCluster cluster) : IAsyncLifetime
{
    public CrmDatabase Database { get; } = new(cluster);
    public TestTenant Tenant { get; private set; } = default!;
    public Guid MemberId { get; private set; }

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        await using (var app = await DbSession.OpenAsync(Database.AppConnectionString))
        {
            Tenant = await app.CreateTenantAsync("Search tenant");
            MemberId = await app.AddUserAsync("Member");
            var other = await app.CreateTenantAsync("Noise tenant");
            await app.ActAsAsync(other);
            await app.ExecuteAsync("insert into contacts (first_name, last_name) select 'Other', 'Person' || i from generate_series(1, 2000) i");
        }
        // Bulk rows for the planner, written by the owner with the audit and stamp triggers off: this is test data, not history.
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString, Tenant.Id);
        await owner.ExecuteAsync("alter table contacts disable trigger user");
        await owner.ExecuteAsync("""
            insert into contacts (first_name, last_name, email, phone)
            select (array['Ada','Grace','Alan','Edsger','Barbara','Donald'])[1 + i % 6], 'Family' || i, 'person' || i || '@example.com', '+1 555 ' || i
            from generate_series(1, 100000) i
            """);
        await owner.ExecuteAsync("insert into contacts (first_name, last_name, email) values ('Bartholomew', 'Quibblesworth', 'bart@quibble.example')");
        await owner.ExecuteAsync("alter table contacts enable trigger user");
        await owner.ExecuteAsync("select crm_recount_contacts(@t)", ("t", Tenant.Id));
        await owner.ExecuteAsync("analyze contacts");
        await owner.ExecuteAsync("analyze contact_name_terms");
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}

/// <summary>The contacts list search at 100,000 contacts: through the name and trigram indexes, never a sequential scan, and bounded.</summary>
public sealed class ContactSearchTests(SearchContacts data) : IClassFixture<SearchContacts>
{
    private readonly CrmDatabase database = data.Database;
    private readonly TestTenant tenant = data.Tenant;
    private readonly Guid memberId = data.MemberId;

    [Theory]
    [InlineData("Quibblesworth", "ix_contacts_live_by_last_name")]
    [InlineData("quiblesworth", "ix_contact_name_terms_trgm")]
    [InlineData("Grace", "ix_contacts_live_by_first_name")]
    [InlineData("family4242", "ix_contacts_search_trgm")]
    [InlineData("555 123", "ix_contacts_search_trgm")]
    public async Task Searching_never_scans_the_whole_contacts_table(string search, string index)
    {
        var capture = new CommandCapture();
        await using var contexts = new TestDbContexts(database.AppConnectionString);

        var result = await Service(contexts, capture).SearchAsync(new ContactQuery { Search = search }, TestContext.Current.CancellationToken);

        Assert.NotEmpty(result.Rows);
        // Replay what the app ran, as crm_app, with auto_explain printing every plan, including those
        // of the statements inside crm_contacts_search.
        var plans = await ExplainAllAsync(capture.Commands);
        Assert.Contains(plans, plan => plan.Contains("crm_contacts_search"));
        Assert.Contains(plans, plan => plan.Contains(index));
        Assert.All(plans, plan => Assert.DoesNotContain("Seq Scan on contacts", plan));
    }

    [Fact]
    public async Task A_broad_search_lists_the_first_thousand_and_says_there_are_more()
    {
        await using var contexts = new TestDbContexts(database.AppConnectionString);
        var contacts = Service(contexts);

        var broad = await contacts.SearchAsync(new ContactQuery { Search = "grace", PageSize = 100 }, TestContext.Current.CancellationToken);
        var last = await contacts.SearchAsync(new ContactQuery { Search = "grace", PageSize = 100, Page = 9 }, TestContext.Current.CancellationToken);
        var precise = await contacts.SearchAsync(new ContactQuery { Search = "quibble" }, TestContext.Current.CancellationToken);

        Assert.Equal((ContactSearch.MaxSearchResults, true), (broad.TotalCount, broad.IsCapped));
        Assert.All(broad.Rows.Concat(last.Rows), row => Assert.StartsWith("Grace ", row.DisplayName));
        Assert.Equal(100, last.Rows.Count);
        Assert.Empty(broad.Rows.Select(r => r.Id).Intersect(last.Rows.Select(r => r.Id)));
        Assert.Equal((1, false), (precise.TotalCount, precise.IsCapped));
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
        var tenantContext = new TenantSnapshot(tenant.Id, memberId, "Member");
        return new ContactService(factory, new PermissionGuard(tenantContext, factory), TimeProvider.System);
    }

    private async Task<List<string>> ExplainAllAsync(IEnumerable<(string Sql, NpgsqlParameter[] Parameters)> commands)
    {
        await using var connection = new NpgsqlConnection(database.SuperuserConnectionString);
        var plans = new List<string>();
        connection.Notice += (_, e) => plans.Add(e.Notice.MessageText);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        foreach (var setup in new[]
        {
            "LOAD 'auto_explain'", "SET auto_explain.log_min_duration = 0", "SET auto_explain.log_nested_statements = on",
            "SET client_min_messages = log", "SET ROLE crm_app",
            $"SELECT set_config('app.tenant_id', '{tenant.Id}', false), set_config('app.user_id', '{memberId}', false)",
        })
        {
            await using var command = new NpgsqlCommand(setup, connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        plans.Clear();
        foreach (var (sql, parameters) in commands)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken)) { }
        }
        return plans;
    }
}

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
        // Bulk rows for the planner, written by the owner with the audit, stamp and search triggers off (this is test data, not
        // history), then given their search documents at once as after any bulk load: longer than the default 30 s command
        // timeout on a busy machine.
        var patient = new NpgsqlConnectionStringBuilder(Database.OwnerConnectionString) { CommandTimeout = 600 }.ToString();
        await using var owner = await DbSession.OpenAsync(patient, Tenant.Id);
        await owner.ExecuteAsync("alter table contacts disable trigger user");
        await owner.ExecuteAsync("""
            insert into contacts (first_name, last_name, email, phone, job_title)
            select (array['Ada','Grace','Alan','Edsger','Barbara','Donald'])[1 + i % 6], 'Family' || i, 'person' || i || '@example.com', '+1 555 ' || i,
                   -- 3,000 distinct five-letter words, so the typo variants are a table worth an index (15,000 rows).
                   'Team ' || translate(lpad((i % 3000)::text, 5, '0'), '0123456789', 'abcdefghij')
            from generate_series(1, 100000) i
            """);
        await owner.ExecuteAsync("insert into contacts (first_name, last_name, email) values ('Bartholomew', 'Quibblesworth', 'bart@quibble.example')");
        await owner.ExecuteAsync("alter table contacts enable trigger user");
        await owner.ExecuteAsync("select crm_recount_contacts(@t)", ("t", Tenant.Id));
        await owner.ExecuteAsync("select crm_rebuild_search(@t)", ("t", Tenant.Id));
        await owner.ExecuteAsync("analyze contacts, search_documents, search_terms, search_term_variants");
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}

/// <summary>
/// The contacts list search at 100,000 contacts: crm_search reads its documents, terms and variants
/// through their indexes, never a sequential scan, and is bounded.
/// </summary>
public sealed class ContactSearchTests(SearchContacts data) : IClassFixture<SearchContacts>
{
    private readonly CrmDatabase database = data.Database;
    private readonly TestTenant tenant = data.Tenant;
    private readonly Guid memberId = data.MemberId;

    /// <summary>The search tables and the one they stand for: none is read whole.</summary>
    private static readonly string[] SearchedTables = ["contacts", "search_documents", "search_terms", "search_term_variants"];

    [Theory]
    [InlineData("Quibblesworth", "ix_search_documents_keys")] // a narrow word: one GIN lookup
    [InlineData("quiblesworth", "ix_search_term_variants_variant")] // a typo: candidates by their deletions
    [InlineData("bartholomew quib", "search_terms_pkey")] // the last word's completions: a range of the terms
    [InlineData("family4242", "ix_search_documents_keys")]
    [InlineData("555 123", "ix_search_documents_phone")] // a phone number: inside the digits
    [InlineData("Grace", "ix_search_documents_recent|ix_search_documents_keys")] // a sixth of the tenant: newest first, or by key
    public async Task Searching_never_scans_a_whole_table(string search, string indexes)
    {
        var capture = new CommandCapture();
        await using var contexts = new TestDbContexts(database.AppConnectionString);

        var result = await Service(contexts, capture).SearchAsync(new ContactQuery { Search = search }, TestContext.Current.CancellationToken);

        Assert.NotEmpty(result.Rows);
        // Replay what the app ran, as crm_app, with auto_explain printing every plan, including those
        // of the statements inside crm_search (its EXECUTEd ones too).
        var plans = await ExplainAllAsync(capture.Commands);
        Assert.Contains(plans, plan => plan.Contains("crm_search("));
        Assert.Contains(plans, plan => indexes.Split('|').Any(plan.Contains));
        Assert.All(plans, plan => Assert.All(SearchedTables, table => Assert.DoesNotContain($"Seq Scan on {table} ", plan)));
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

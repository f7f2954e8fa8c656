using CrmBlazor.Features.Contacts;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CrmBlazor.Tests.ScaleOut;

/// <summary>
/// The app through PgBouncer in transaction mode, with one server connection for all of its clients: two
/// tenants' work interleaves on that connection, and neither sees, writes or is audited as the other.
/// </summary>
public sealed class PgBouncerIsolationTests(CrmDatabase database, PgBouncer bouncer)
    : IClassFixture<CrmDatabase>, IClassFixture<PgBouncer>, IAsyncLifetime
{
    private const int RoundsPerTenant = 20;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CrmAppFactory app = default!;

    private string ThroughBouncer => bouncer.ConnectionString(database.Name, "crm_app");

    public async ValueTask InitializeAsync()
    {
        app = new CrmAppFactory(ThroughBouncer);
        await app.SeedDemoAsync();
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task A_setting_left_on_the_connection_would_reach_the_next_client_through_this_pooler()
    {
        // The hazard the app avoids, shown on this very pooler: without it the test below could not fail.
        await using var first = new NpgsqlConnection(ThroughBouncer);
        await using var second = new NpgsqlConnection(ThroughBouncer);
        await first.OpenAsync(Ct);
        await second.OpenAsync(Ct);
        var leaked = Guid.NewGuid().ToString();
        await using (var set = new NpgsqlCommand($"select set_config('app.tenant_id', '{leaked}', false)", first))
            await set.ExecuteNonQueryAsync(Ct);
        Assert.Equal(leaked, await CurrentTenantAsync(second));
        await using var reset = new NpgsqlCommand("select set_config('app.tenant_id', '', false)", second);
        await reset.ExecuteNonQueryAsync(Ct);
    }

    [Fact]
    public async Task Two_tenants_interleaved_on_one_server_connection_each_write_read_and_are_audited_only_as_themselves()
    {
        var founder = await app.RegisterAsync("Bouncer Other Org", "Olga Other");
        var demo = await SnapshotAsync(DemoTenant.Member);
        var other = await SnapshotAsync(founder);

        var runs = Enumerable.Range(0, RoundsPerTenant).SelectMany(i => new[] { RoundAsync("demo", i), RoundAsync("other", i) });
        var created = await Task.WhenAll(runs);

        // Each tenant's contacts, read as the owner (no row-level security), carry that tenant and its user's audit rows.
        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString);
        foreach (var (label, email) in new[] { ("demo", DemoTenant.Member), ("other", founder) })
        {
            var ids = created.Where(c => c.Label == label).Select(c => c.Id).ToArray();
            Assert.Equal(RoundsPerTenant, ids.Length);
            var (tenant, user) = (await owner.ScalarAsync<Guid>("select tenant_id from users where normalized_email = upper(@e)", ("e", email)),
                await owner.ScalarAsync<Guid>("select id from users where normalized_email = upper(@e)", ("e", email)));
            Assert.Equal(0L, await owner.ScalarAsync<long>(
                "select count(*) from contacts where id = any(@ids) and tenant_id <> @t", ("ids", ids), ("t", tenant)));
            Assert.Equal((long)RoundsPerTenant, await owner.ScalarAsync<long>("""
                select count(*) from audit_logs
                where table_name = 'contacts' and action = 'insert' and record_id = any(@ids) and tenant_id = @t and changed_by = @u
                """, ("ids", ids), ("t", tenant), ("u", user)));
        }
        // And nothing of theirs is left on the one server connection for whoever comes next.
        await using var next = new NpgsqlConnection(ThroughBouncer);
        await next.OpenAsync(Ct);
        Assert.Equal("", await CurrentTenantAsync(next) ?? "");

        // Each round a request of its own: a scope acting for the tenant's user, as a circuit or an API call would.
        async Task<(string Label, Guid Id)> RoundAsync(string label, int round)
        {
            var (mine, theirs, theirLabel) = label == "demo" ? (demo, other, "other") : (other, demo, "demo");
            await using var scope = app.Services.GetRequiredService<TenantScopes>().Begin(mine);
            await using var otherScope = app.Services.GetRequiredService<TenantScopes>().Begin(theirs);
            var contacts = scope.ServiceProvider.GetRequiredService<ContactService>();
            var saved = await contacts.CreateAsync(new ContactForm { FirstName = $"Bouncer-{label}", LastName = $"Round {round}" }, Ct);
            Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Values));
            var id = saved.Id!.Value;
            Assert.NotNull(await contacts.GetAsync(id, Ct));
            // The other tenant, at the same moment on the same server connection, does not find it.
            Assert.Null(await otherScope.ServiceProvider.GetRequiredService<ContactService>().GetAsync(id, Ct));
            var page = await contacts.SearchAsync(new ContactQuery { PageSize = 100 }, Ct);
            Assert.DoesNotContain(page.Rows, r => r.DisplayName.StartsWith($"Bouncer-{theirLabel}", StringComparison.Ordinal));
            return (label, id);
        }
    }

    private async Task<TenantSnapshot> SnapshotAsync(string email)
    {
        // Looked up directly, not through the pooler: DbSession sets its tenant on the session.
        await using var scope = await DemoTenant.ActAsAsync(app, email, database.AppConnectionString);
        return scope.ServiceProvider.GetRequiredService<ITenantContext>().Snapshot;
    }

    private static async Task<string?> CurrentTenantAsync(NpgsqlConnection connection)
    {
        await using var read = new NpgsqlCommand("select current_setting('app.tenant_id', true)", connection);
        return (string?)await read.ExecuteScalarAsync(Ct);
    }
}

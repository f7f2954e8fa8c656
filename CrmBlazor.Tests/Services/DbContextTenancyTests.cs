using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CrmBlazor.Tests.Services;

/// <summary>The EF half of "two locks on every tenant row": query filters, tenant stamping, session settings, xmin.</summary>
public sealed class DbContextTenancyTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    private readonly Guid tenantA = Guid.NewGuid();
    private readonly Guid tenantB = Guid.NewGuid();

    [Fact]
    public async Task The_query_filter_hides_other_tenants_even_where_rls_would_not()
    {
        // The owner may read every tenant (owner_reads_all), so only the EF filter stands between A and B here.
        await SeedCompaniesAsync();
        await using var owner = new TestDbContexts(database.OwnerConnectionString);
        await using var db = owner.For(tenantA);

        var names = await db.Companies.Select(c => c.Name).ToListAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["A live"], names);
        Assert.Equal(2, await db.Companies.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter]).CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(3, await db.Companies.IgnoreQueryFilters()
            .CountAsync(c => c.TenantId == tenantA || c.TenantId == tenantB, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_pooled_connection_reused_without_a_tenant_sees_nothing()
    {
        await SeedCompaniesAsync();
        await using var app = new TestDbContexts(database.AppConnectionString);
        await using (var asA = app.For(tenantA))
            Assert.Equal(2, await asA.Companies.IgnoreQueryFilters().CountAsync(TestContext.Current.CancellationToken));

        // Same pool, next context without a tenant: the interceptor overwrites app.tenant_id with ''.
        await using var nobody = app.For(null);
        Assert.Equal(0, await nobody.Companies.IgnoreQueryFilters().CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task New_rows_take_the_acting_tenant_and_a_row_without_one_is_refused()
    {
        await using var app = new TestDbContexts(database.AppConnectionString);
        await using (var asA = app.For(tenantA))
        {
            asA.AddTenantWithOwnerAndPipeline(tenantA, "A", "a-" + tenantA.ToString("N")[..8]);
            var company = new Company { Name = "Stamped" };
            asA.Companies.Add(company);
            await asA.SaveChangesAsync(TestContext.Current.CancellationToken);
            Assert.Equal(tenantA, company.TenantId);
        }

        await using var nobody = app.For(null);
        nobody.Companies.Add(new Company { Name = "Orphan" });
        await Assert.ThrowsAsync<InvalidOperationException>(() => nobody.SaveChangesAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_stale_edit_is_refused_by_the_xmin_concurrency_token()
    {
        await SeedCompaniesAsync();
        await using var app = new TestDbContexts(database.AppConnectionString);
        await using var first = app.For(tenantA);
        await using var second = app.For(tenantA);
        var mine = await first.Companies.SingleAsync(c => c.Name == "A live", TestContext.Current.CancellationToken);
        var theirs = await second.Companies.SingleAsync(c => c.Name == "A live", TestContext.Current.CancellationToken);

        theirs.Industry = "Saved first";
        await second.SaveChangesAsync(TestContext.Current.CancellationToken);
        mine.Industry = "Saved second";

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => first.SaveChangesAsync(TestContext.Current.CancellationToken));
        await using var check = app.For(tenantA);
        Assert.Equal("Saved first", (await check.Companies.SingleAsync(c => c.Name == "A live", TestContext.Current.CancellationToken)).Industry);
    }

    [Fact]
    public async Task A_pooled_context_acts_only_for_whoever_it_is_handed_to()
    {
        await SeedCompaniesAsync();
        await using var pool = new PoolOfOne(database.AppConnectionString);

        CrmDbContext first;
        await using (first = await pool.LeaseAsync(Acting(tenantA)))
            Assert.Equal(["A live"], await first.Companies.Select(c => c.Name).ToListAsync(Ct));

        // Back in the pool, the context keeps no tenant: leased without one it sees nothing, by filter or by RLS.
        await using (var unassigned = await pool.LeaseUnassignedAsync())
        {
            Assert.Same(first, unassigned);
            Assert.Same(TenantSnapshot.Nobody, unassigned.ActingFor);
            Assert.Equal(0, await unassigned.Companies.IgnoreQueryFilters().CountAsync(Ct));
        }
        await using var second = await pool.LeaseAsync(Acting(tenantB));
        Assert.Same(first, second);
        Assert.Equal(["B live"], await second.Companies.IgnoreQueryFilters().Select(c => c.Name).ToListAsync(Ct));
    }

    [Fact]
    public async Task A_context_cannot_change_tenant_after_it_is_made()
    {
        await SeedCompaniesAsync();
        await using var pool = new PoolOfOne(database.AppConnectionString);
        var scope = new TenantContext();
        scope.Use(Acting(tenantA));
        await using var db = await pool.LeaseAsync(scope);

        Assert.Throws<InvalidOperationException>(() => db.ActFor(Acting(tenantB)));
        // Nor can the scope it was made in be switched to another tenant; it can only stop acting.
        Assert.Throws<InvalidOperationException>(() => scope.Use(Acting(tenantB)));
        scope.Revoke();

        Assert.Equal(tenantA, db.ActingFor.TenantId);
        Assert.Equal(["A live"], await db.Companies.Select(c => c.Name).ToListAsync(Ct));
        Assert.Equal(tenantA.ToString(), await SessionTenantAsync(db));
        await using var afterRevoke = await pool.LeaseAsync(scope);
        Assert.Empty(await afterRevoke.Companies.IgnoreQueryFilters().ToListAsync(Ct));
    }

    [Fact]
    public async Task A_pooled_context_handed_back_carries_nothing_of_its_last_user()
    {
        await SeedCompaniesAsync();
        await using var pool = new PoolOfOne(database.AppConnectionString);

        CrmDbContext used;
        await using (used = await pool.LeaseAsync(Acting(tenantA, Guid.NewGuid())))
        {
            // As a deal move does: the connection opened once for several statements, never closed by hand.
            await used.Database.OpenConnectionAsync(Ct);
            used.Companies.Add(new Company { Name = "Never saved" });
            Assert.Equal(tenantA.ToString(), await SessionTenantAsync(used));
        }

        await using var next = await pool.LeaseUnassignedAsync();
        Assert.Same(used, next);
        Assert.Same(TenantSnapshot.Nobody, next.ActingFor);
        Assert.Equal(System.Data.ConnectionState.Closed, next.Database.GetDbConnection().State);
        Assert.Empty(next.ChangeTracker.Entries());
        Assert.Equal("", await SessionTenantAsync(next));
        Assert.Equal("", await next.Database.SqlQueryRaw<string>("select current_setting('app.user_id') as \"Value\"").SingleAsync(Ct));
        Assert.Equal(0, await next.Companies.IgnoreQueryFilters().CountAsync(Ct));
    }

    [Fact]
    public async Task A_connection_opened_behind_EFs_back_still_acts_for_the_context()
    {
        await SeedCompaniesAsync();
        await using var app = new TestDbContexts(database.AppConnectionString);
        await using var db = app.For(tenantA);

        await db.Database.GetDbConnection().OpenAsync(Ct);

        Assert.Equal(2, await db.Companies.IgnoreQueryFilters().CountAsync(Ct));
    }

    [Fact]
    public async Task The_tenant_lasts_as_long_as_the_transaction_and_not_on_the_connection()
    {
        await using var app = new TestDbContexts(database.AppConnectionString);
        await using var db = app.For(tenantA);
        await db.Database.OpenConnectionAsync(Ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();

        // A query EF sends carries the tenant; a statement sent on the connection after it finds nothing left.
        Assert.Equal(tenantA.ToString(), await SessionTenantAsync(db));
        Assert.Equal("", await RawTenantAsync(connection, null));

        // Raw work in a transaction begun through EF acts for the context until the transaction ends.
        await using (var transaction = await db.Database.BeginTransactionAsync(Ct))
        {
            Assert.Equal(tenantA.ToString(), await RawTenantAsync(connection, (NpgsqlTransaction)transaction.GetDbTransaction()));
            await transaction.CommitAsync(Ct);
        }
        Assert.Equal("", await RawTenantAsync(connection, null));
    }

    private static async Task<string> RawTenantAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        await using var read = new NpgsqlCommand("select coalesce(current_setting('app.tenant_id', true), '')", connection, transaction);
        return (string)(await read.ExecuteScalarAsync(Ct))!;
    }

    private static TenantSnapshot Acting(Guid tenant, Guid? user = null) => new(tenant, user, null);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A pool that holds one context, so every lease from it is the same instance.</summary>
    private sealed class PoolOfOne : IAsyncDisposable
    {
        private readonly NpgsqlDataSource dataSource;
        private readonly PooledDbContextFactory<CrmDbContext> pool;

        public PoolOfOne(string connectionString)
        {
            dataSource = new NpgsqlDataSourceBuilder(connectionString).Build();
            var options = new DbContextOptionsBuilder<CrmDbContext>();
            DataRegistration.Configure(options, dataSource);
            pool = new PooledDbContextFactory<CrmDbContext>(options.Options, poolSize: 1);
        }

        /// <summary>A lease as the app takes one: through the factory that makes it act for <paramref name="tenant"/>.</summary>
        public Task<CrmDbContext> LeaseAsync(ITenantContext tenant) => new TenantDbContextFactory(pool, tenant).CreateDbContextAsync(Ct);

        /// <summary>A lease straight from the pool, acting for no one.</summary>
        public Task<CrmDbContext> LeaseUnassignedAsync() => pool.CreateDbContextAsync(Ct);

        public ValueTask DisposeAsync() => dataSource.DisposeAsync();
    }

    /// <summary>The tenant DB's database session acts for, as row-level security reads it.</summary>
    private static Task<string> SessionTenantAsync(CrmDbContext db) =>
        db.Database.SqlQueryRaw<string>("select current_setting('app.tenant_id') as \"Value\"").SingleAsync(Ct);

    private async Task SeedCompaniesAsync()
    {
        await using var app = new TestDbContexts(database.AppConnectionString);
        foreach (var (tenant, names) in new[] { (tenantA, new[] { "A live", "A deleted" }), (tenantB, new[] { "B live" }) })
        {
            await using var db = app.For(tenant);
            db.AddTenantWithOwnerAndPipeline(tenant, "T", "t-" + tenant.ToString("N")[..8]);
            db.Companies.AddRange(names.Select(n => new Company
            {
                Name = n,
                DeletedAt = n.EndsWith("deleted") ? DateTimeOffset.UtcNow : null,
            }));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
    }
}

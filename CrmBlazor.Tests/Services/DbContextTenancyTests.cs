using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

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
            asA.Tenants.Add(new Tenant { Id = tenantA, Name = "A", Slug = "a-" + tenantA.ToString("N")[..8] });
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
        await using var dataSource = new Npgsql.NpgsqlDataSourceBuilder(database.AppConnectionString).Build();
        var options = new DbContextOptionsBuilder<CrmDbContext>();
        DataRegistration.Configure(options, dataSource);
        // A pool of one, so every lease below is the same context instance.
        var pool = new Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<CrmDbContext>(options.Options, poolSize: 1);
        var (asA, asB) = (new CrmBlazor.Tenancy.TenantContext(), new CrmBlazor.Tenancy.TenantContext());
        asA.Set(tenantA, null, null);
        asB.Set(tenantB, null, null);

        CrmDbContext first;
        await using (first = await new TenantDbContextFactory(pool, asA).CreateDbContextAsync(TestContext.Current.CancellationToken))
            Assert.Equal(["A live"], await first.Companies.Select(c => c.Name).ToListAsync(TestContext.Current.CancellationToken));

        // Back in the pool, the context keeps no tenant: leased without one it sees nothing, by filter or by RLS.
        await using (var unassigned = await pool.CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            Assert.Same(first, unassigned);
            Assert.Null(unassigned.TenantContext.TenantId);
            Assert.Equal(0, await unassigned.Companies.IgnoreQueryFilters().CountAsync(TestContext.Current.CancellationToken));
        }
        await using var second = await new TenantDbContextFactory(pool, asB).CreateDbContextAsync(TestContext.Current.CancellationToken);
        Assert.Same(first, second);
        Assert.Equal(["B live"], await second.Companies.IgnoreQueryFilters().Select(c => c.Name).ToListAsync(TestContext.Current.CancellationToken));
    }

    private async Task SeedCompaniesAsync()
    {
        await using var app = new TestDbContexts(database.AppConnectionString);
        foreach (var (tenant, names) in new[] { (tenantA, new[] { "A live", "A deleted" }), (tenantB, new[] { "B live" }) })
        {
            await using var db = app.For(tenant);
            db.Tenants.Add(new Tenant { Id = tenant, Name = "T", Slug = "t-" + tenant.ToString("N")[..8] });
            db.Companies.AddRange(names.Select(n => new Company
            {
                Name = n,
                DeletedAt = n.EndsWith("deleted") ? DateTimeOffset.UtcNow : null,
            }));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
    }
}

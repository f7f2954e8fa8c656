using CrmBlazor.Data;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>CrmDbContexts built exactly as the app builds them (interceptor, filters), acting for a given tenant.</summary>
public sealed class TestDbContexts(string connectionString) : IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource = new NpgsqlDataSourceBuilder(connectionString).Build();

    public CrmDbContext For(Guid? tenantId, Guid? userId = null, string? role = null, params IInterceptor[] extra) =>
        Create(dataSource, new TenantSnapshot(tenantId, userId, role), extra);

    /// <summary>A context on <paramref name="dataSource"/> as the app builds one, plus <paramref name="extra"/>, acting for <paramref name="acting"/>.</summary>
    public static CrmDbContext Create(NpgsqlDataSource dataSource, TenantSnapshot acting, params IInterceptor[] extra)
    {
        var options = new DbContextOptionsBuilder<CrmDbContext>();
        DataRegistration.Configure(options, dataSource);
        options.AddInterceptors(extra);
        return new CrmDbContext(options.Options).ActFor(acting);
    }

    /// <summary>A factory like the app's scoped one, for constructing services directly in tests.</summary>
    public IDbContextFactory<CrmDbContext> Factory(Guid tenantId, Guid userId, string role, params IInterceptor[] extra) =>
        new Fixed(() => For(tenantId, userId, role, extra));

    private sealed class Fixed(Func<CrmDbContext> create) : IDbContextFactory<CrmDbContext>
    {
        public CrmDbContext CreateDbContext() => create();
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}

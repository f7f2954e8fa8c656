using CrmBlazor.Data;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>CrmDbContexts built exactly as the app builds them (interceptor, filters), acting for a given tenant.</summary>
public sealed class TestDbContexts(string connectionString) : IAsyncDisposable
{
    private readonly NpgsqlDataSource dataSource = new NpgsqlDataSourceBuilder(connectionString).Build();

    public CrmDbContext For(Guid? tenantId, Guid? userId = null)
    {
        var tenant = new TenantContext();
        tenant.Set(tenantId, userId, null);
        var options = new DbContextOptionsBuilder<CrmDbContext>();
        DataRegistration.Configure(options, dataSource, tenant);
        return new CrmDbContext(options.Options, tenant);
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}

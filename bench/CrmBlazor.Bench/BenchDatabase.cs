using CrmBlazor.Data;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CrmBlazor.Bench;

/// <summary>The two connections a benchmark uses: the owner to generate data, the runtime role to measure.</summary>
public sealed class BenchDatabase(string ownerConnection, string appConnection)
{
    public NpgsqlDataSource Owner { get; } = NpgsqlDataSource.Create(ownerConnection);
    public NpgsqlDataSource App { get; } = NpgsqlDataSource.Create(appConnection);

    /// <summary>A DbContext factory exactly like the app's, acting as the given tenant and user.</summary>
    public IDbContextFactory<CrmDbContext> AppContexts(TenantContext tenant) => new Factory(App, tenant);

    /// <summary>A raw connection as the runtime role with the session settings the app would set.</summary>
    public async Task<NpgsqlConnection> OpenAppAsync(Guid tenantId)
    {
        var connection = await App.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("select set_config('app.tenant_id', @t, false)", connection);
        command.Parameters.AddWithValue("t", tenantId.ToString());
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    private sealed class Factory(NpgsqlDataSource dataSource, TenantContext tenant) : IDbContextFactory<CrmDbContext>
    {
        public CrmDbContext CreateDbContext()
        {
            var options = new DbContextOptionsBuilder<CrmDbContext>();
            DataRegistration.Configure(options, dataSource, tenant);
            return new CrmDbContext(options.Options, tenant);
        }
    }
}

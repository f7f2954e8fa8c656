using CrmBlazor.Data;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace CrmBlazor.Bench;

/// <summary>The two connections a benchmark uses: the owner to generate data, the runtime role to measure.</summary>
public sealed class BenchDatabase(string ownerConnection, string appConnection)
{
    /// <summary>No command timeout: generating a tenant's million rows (a COPY's completion, a search rebuild) runs for minutes on a busy machine.</summary>
    public NpgsqlDataSource Owner { get; } = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(ownerConnection) { CommandTimeout = 0 }.ConnectionString);
    /// <summary>Built like the app's pool (statement preparation included); the hand-tuned SQL uses it too.</summary>
    public NpgsqlDataSource App { get; } = DataRegistration.CreateDataSource(appConnection);

    /// <summary>A DbContext factory exactly like the app's (contexts from one pool), acting as the given tenant and user.</summary>
    public IDbContextFactory<CrmDbContext> AppContexts(ITenantContext tenant) =>
        new TenantDbContextFactory(contexts ??= DataRegistration.CreateContextPool(App), tenant);

    private PooledDbContextFactory<CrmDbContext>? contexts;

    /// <summary>A raw connection as the runtime role with the session settings the app would set.</summary>
    public async Task<NpgsqlConnection> OpenAppAsync(Guid tenantId)
    {
        var connection = await App.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("select set_config('app.tenant_id', @t, false)", connection);
        command.Parameters.AddWithValue("t", tenantId.ToString());
        await command.ExecuteNonQueryAsync();
        return connection;
    }
}

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>A fresh database for one test class, cloned from the migrated template.</summary>
public sealed class CrmDatabase(PostgresCluster cluster) : IAsyncLifetime
{
    public string Name { get; private set; } = "";
    public PostgresCluster Cluster => cluster;

    /// <summary>As the schema owner (migrations, deliberate corruption).</summary>
    public string OwnerConnectionString => cluster.ConnectionString(Name, "crm_owner");

    /// <summary>As the runtime role the app logs in with.</summary>
    public string AppConnectionString => cluster.ConnectionString(Name, "crm_app");

    /// <summary>As a superuser: for what only one may do, such as loading auto_explain.</summary>
    public string SuperuserConnectionString =>
        new Npgsql.NpgsqlConnectionStringBuilder(cluster.AdminConnectionString) { Database = Name }.ToString();

    public async ValueTask InitializeAsync() => Name = await cluster.CreateDatabaseAsync();

    public async ValueTask DisposeAsync() => await cluster.DropDatabaseAsync(Name);
}

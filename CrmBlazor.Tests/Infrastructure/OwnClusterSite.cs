namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// A class fixture for the drills that stop and start PostgreSQL: a cluster of their own (the run's shared one
/// serves every other test class meanwhile), a database with the demo tenant, and the app serving it on Kestrel.
/// </summary>
public sealed class OwnClusterSite : IAsyncLifetime
{
    public OwnClusterSite() => Database = new CrmDatabase(Cluster);

    public PostgresCluster Cluster { get; } = new();
    public CrmDatabase Database { get; }
    public CrmAppFactory App { get; private set; } = default!;
    public string BaseUrl { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        await Cluster.InitializeAsync();
        await Database.InitializeAsync();
        App = new CrmAppFactory(Database.AppConnectionString);
        BaseUrl = App.StartKestrel();
        await App.SeedDemoAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}

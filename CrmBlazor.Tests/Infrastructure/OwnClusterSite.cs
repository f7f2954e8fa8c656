namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// A class fixture for the drills that stop and start PostgreSQL: a cluster of their own (the run's shared one
/// serves every other test class meanwhile), a database with the demo tenant, and the app serving it on Kestrel.
/// </summary>
public sealed class OwnClusterSite : IAsyncLifetime
{
    private readonly DemoSite site;

    public OwnClusterSite() => site = new DemoSite(Cluster);

    public PostgresCluster Cluster { get; } = new();
    public CrmDatabase Database => site.Database;
    public CrmAppFactory App => site.App;
    public string BaseUrl => site.BaseUrl;

    public async ValueTask InitializeAsync()
    {
        await Cluster.InitializeAsync();
        await site.InitializeAsync();
    }

    // The database goes with its cluster.
    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}

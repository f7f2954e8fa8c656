namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// A class fixture for browser tests: a fresh database with the demo tenant, and the app serving it
/// on Kestrel, started once for the test class.
/// </summary>
public sealed class DemoSite(PostgresCluster cluster) : IAsyncLifetime
{
    public CrmDatabase Database { get; } = new(cluster);
    public CrmAppFactory App { get; private set; } = default!;
    public string BaseUrl { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        App = new CrmAppFactory(Database.AppConnectionString);
        BaseUrl = App.StartKestrel();
        await App.SeedDemoAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// A class fixture for browser tests across app nodes: one database with the demo tenant, served by two apps on
/// Kestrel, each with its own circuits and its own LISTEN connection, as <c>./crm run --nodes 2</c> runs them.
/// </summary>
public class TwoNodeSite(PostgresCluster cluster) : IAsyncLifetime
{
    /// <summary>Settings both nodes run with, on top of the test app's (none here).</summary>
    protected virtual IReadOnlyDictionary<string, string>? Settings => null;

    public CrmDatabase Database { get; } = new(cluster);
    public CrmAppFactory NodeA { get; private set; } = default!;
    public CrmAppFactory NodeB { get; private set; } = default!;
    public string UrlA { get; private set; } = "";
    public string UrlB { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        NodeA = new CrmAppFactory(Database.AppConnectionString, settings: Settings);
        UrlA = NodeA.StartKestrel();
        await NodeA.SeedDemoAsync();
        NodeB = new CrmAppFactory(Database.AppConnectionString, settings: Settings);
        UrlB = NodeB.StartKestrel();
    }

    public async ValueTask DisposeAsync()
    {
        await NodeA.DisposeAsync();
        await NodeB.DisposeAsync();
        await Database.DisposeAsync();
    }
}

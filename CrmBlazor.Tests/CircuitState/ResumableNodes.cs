using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.CircuitState;

/// <summary>
/// Two app nodes on one database with the demo tenant, as <see cref="TwoNodeSite"/>, but a disconnected circuit is
/// kept whole for only a second before Blazor persists it to the database and frees it, so a test need not wait
/// Blazor's three minutes.
/// </summary>
public sealed class ResumableNodes(PostgresCluster cluster) : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Settings = new() { ["CircuitState:DisconnectedRetentionSeconds"] = "1" };

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

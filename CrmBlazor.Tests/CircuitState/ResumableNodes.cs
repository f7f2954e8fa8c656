using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.CircuitState;

/// <summary>
/// Two app nodes on one database with the demo tenant, as <see cref="TwoNodeSite"/>, but a disconnected circuit is
/// kept whole for only a second before Blazor persists it to the database and frees it, so a test need not wait
/// Blazor's three minutes.
/// </summary>
public sealed class ResumableNodes(PostgresCluster cluster) : TwoNodeSite(cluster)
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } =
        new Dictionary<string, string> { ["CircuitState:DisconnectedRetentionSeconds"] = "1" };
}

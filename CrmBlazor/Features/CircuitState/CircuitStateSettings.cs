namespace CrmBlazor.Features.CircuitState;

/// <summary>The "CircuitState" section of the configuration.</summary>
public sealed class CircuitStateSettings
{
    /// <summary>How long a persisted circuit can be resumed, on any node (the row in cache_entries).</summary>
    public double RetentionMinutes { get; set; } = 120;

    /// <summary>
    /// How long the node that persisted a circuit also keeps it in its own memory (HybridCache's local tier). Short:
    /// persisting is how a circuit stops costing memory, and the database has the state for every node.
    /// </summary>
    public double LocalRetentionSeconds { get; set; } = 60;

    /// <summary>
    /// How long a disconnected circuit stays whole in memory, waiting for its browser, before Blazor persists its state
    /// to the cache and frees it. Unset: Blazor's default (3 minutes).
    /// </summary>
    public double? DisconnectedRetentionSeconds { get; set; }

    /// <summary>How often each node removes expired entries.</summary>
    public double PurgeMinutes { get; set; } = 10;

    /// <summary>A browser tab hidden this long pauses its circuit (its state goes to the browser); 0: never.</summary>
    public double PauseWhenHiddenMinutes { get; set; } = 10;
}

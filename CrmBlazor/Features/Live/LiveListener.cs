using CrmBlazor.Data;

namespace CrmBlazor.Features.Live;

/// <summary>
/// Every node's one LISTEN on <see cref="LiveChannel"/>: it hands each message to the live feed of its kind, and
/// after each (re)connection tells every feed to have its subscribers reload.
/// </summary>
public sealed class LiveListener(ListenDataSource source, IEnumerable<ILiveFeed> feeds, ILogger<LiveListener> log) : BackgroundService
{
    /// <summary>The longest wait between two attempts to connect again: a board is stale for about this long after PostgreSQL is back.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(5);

    private readonly PostgresListener listener = new(source, LiveChannel.Name, LongestWait, log);
    private readonly Dictionary<string, ILiveFeed> byKind = feeds.ToDictionary(f => f.Kind);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await base.StartAsync(cancellationToken);
        // Hosted services start before the app serves anyone: no board opens before the LISTEN is in place (or has
        // failed once, and is being tried again).
        await listener.FirstAttempt.WaitAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => listener.RunAsync(Route, ReloadAll, stoppingToken);

    private void Route(string message)
    {
        // A kind no feed here takes may come from a newer node during a rolling upgrade.
        if (LiveChannel.TryRead(message, out var kind, out var body) && byKind.TryGetValue(kind, out var feed)) feed.Receive(body);
        else log.LogDebug("No live feed takes {Message}", message);
    }

    private void ReloadAll()
    {
        foreach (var feed in byKind.Values) feed.ReloadAll();
    }
}

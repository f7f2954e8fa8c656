using System.Collections.Concurrent;
using CrmBlazor.Data;
using CrmBlazor.Features.Live;

namespace CrmBlazor.Features.Board;

/// <summary>Something changed among a pipeline's deals (moved, added, edited, deleted, or its stages): open boards reload.</summary>
public sealed record PipelineChange(Guid TenantId, Guid PipelineId);

/// <summary>
/// Tells every open board of a tenant's pipeline, on every node of the app, that its deals changed. Services publish
/// with the change, through PostgreSQL's NOTIFY; boards subscribe on their own node while open.
/// </summary>
public interface IPipelineChangeFeed
{
    /// <summary>
    /// Announces the change on <paramref name="db"/>'s connection: inside its transaction when it has one, so boards
    /// hear of it at commit and never of a rollback; else at once, which is after the change when it has committed.
    /// </summary>
    Task PublishAsync(CrmDbContext db, PipelineChange change, CancellationToken ct = default);

    /// <summary>
    /// Calls <paramref name="onChange"/> for each change to the pipeline until the subscription is disposed, and when
    /// changes may have been missed (this node lost its connection to the database for a while): reload either way.
    /// </summary>
    IDisposable Subscribe(Guid tenantId, Guid pipelineId, Func<PipelineChange, Task> onChange);
}

/// <summary>
/// The <see cref="IPipelineChangeFeed"/>: a change goes out as a "pipeline" message on <see cref="LiveChannel"/>,
/// with the tenant's and the pipeline's ids; each node's <see cref="LiveListener"/> hands it back here, to the
/// pipeline's subscribers on that node (a singleton holding them).
/// </summary>
public sealed class PipelineChangeFeed(ILogger<PipelineChangeFeed> log) : IPipelineChangeFeed, ILiveFeed
{
    private const string LiveKind = "pipeline";

    private readonly ConcurrentDictionary<(Guid Tenant, Guid Pipeline), ConcurrentDictionary<Subscription, byte>> subscribers = new();

    public string Kind => LiveKind;

    public Task PublishAsync(CrmDbContext db, PipelineChange change, CancellationToken ct = default) =>
        LiveChannel.NotifyAsync(db.Database, Message(change), ct);

    /// <summary>The change as a message on <see cref="LiveChannel"/>, for a statement that announces its own change.</summary>
    public static string Message(PipelineChange change) => LiveChannel.Message(LiveKind, $"{change.TenantId}:{change.PipelineId}");

    public IDisposable Subscribe(Guid tenantId, Guid pipelineId, Func<PipelineChange, Task> onChange)
    {
        var subscription = new Subscription(this, (tenantId, pipelineId), onChange);
        subscribers.GetOrAdd(subscription.Key, _ => new()).TryAdd(subscription, 0);
        return subscription;
    }

    public void Receive(string body)
    {
        var ids = body.Split(':');
        if (ids.Length != 2 || !Guid.TryParse(ids[0], out var tenant) || !Guid.TryParse(ids[1], out var pipeline))
        {
            log.LogWarning("A pipeline change with unreadable ids was ignored: {Body}", body);
            return;
        }
        if (subscribers.TryGetValue((tenant, pipeline), out var listening)) Tell(listening.Keys, new(tenant, pipeline));
    }

    public void ReloadAll()
    {
        foreach (var ((tenant, pipeline), listening) in subscribers) Tell(listening.Keys, new(tenant, pipeline));
    }

    // Each board on its own: one that is slow or fails must not hold up or stop the others, nor the listener.
    private void Tell(IEnumerable<Subscription> listening, PipelineChange change)
    {
        foreach (var subscription in listening) _ = NotifyAsync(subscription, change);
    }

    private async Task NotifyAsync(Subscription subscription, PipelineChange change)
    {
        try
        {
            // Off the listener's thread before the board's code runs.
            await Task.Yield();
            await subscription.OnChange(change);
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "A board subscribed to pipeline {PipelineId} failed to take a change", change.PipelineId);
        }
    }

    private void Remove(Subscription subscription)
    {
        if (subscribers.TryGetValue(subscription.Key, out var listening)) listening.TryRemove(subscription, out _);
    }

    private sealed class Subscription(PipelineChangeFeed feed, (Guid, Guid) key, Func<PipelineChange, Task> onChange) : IDisposable
    {
        public (Guid Tenant, Guid Pipeline) Key { get; } = key;
        public Func<PipelineChange, Task> OnChange { get; } = onChange;
        public void Dispose() => feed.Remove(this);
    }
}

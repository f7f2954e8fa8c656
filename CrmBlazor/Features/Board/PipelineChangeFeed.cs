using System.Collections.Concurrent;

namespace CrmBlazor.Features.Board;

/// <summary>Something changed among a pipeline's deals (moved, added, edited, deleted, or its stages): open boards reload.</summary>
public sealed record PipelineChange(Guid TenantId, Guid PipelineId);

/// <summary>
/// Tells every open board of a tenant's pipeline that its deals changed. Services publish after
/// their transaction commits; boards subscribe while open. This process-local feed serves one app
/// node; several nodes would register an implementation carried by a shared channel (PostgreSQL
/// LISTEN/NOTIFY, Redis) behind the same two methods, and nothing else would change.
/// </summary>
public interface IPipelineChangeFeed
{
    void Publish(PipelineChange change);

    /// <summary>Calls <paramref name="onChange"/> for each change to the pipeline until the subscription is disposed.</summary>
    IDisposable Subscribe(Guid tenantId, Guid pipelineId, Func<PipelineChange, Task> onChange);
}

/// <summary>The single-node <see cref="IPipelineChangeFeed"/>: a singleton holding the subscribers of each pipeline.</summary>
public sealed class InProcessPipelineChangeFeed(ILogger<InProcessPipelineChangeFeed> log) : IPipelineChangeFeed
{
    private readonly ConcurrentDictionary<(Guid Tenant, Guid Pipeline), ConcurrentDictionary<Subscription, byte>> subscribers = new();

    public void Publish(PipelineChange change)
    {
        if (!subscribers.TryGetValue((change.TenantId, change.PipelineId), out var listening)) return;
        foreach (var subscription in listening.Keys)
            _ = NotifyAsync(subscription, change);
    }

    public IDisposable Subscribe(Guid tenantId, Guid pipelineId, Func<PipelineChange, Task> onChange)
    {
        var subscription = new Subscription(this, (tenantId, pipelineId), onChange);
        subscribers.GetOrAdd(subscription.Key, _ => new()).TryAdd(subscription, 0);
        return subscription;
    }

    // A board that fails to refresh must not stop the others or the publisher; it is logged instead.
    private async Task NotifyAsync(Subscription subscription, PipelineChange change)
    {
        try
        {
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

    private sealed class Subscription(InProcessPipelineChangeFeed feed, (Guid, Guid) key, Func<PipelineChange, Task> onChange) : IDisposable
    {
        public (Guid Tenant, Guid Pipeline) Key { get; } = key;
        public Func<PipelineChange, Task> OnChange { get; } = onChange;
        public void Dispose() => feed.Remove(this);
    }
}

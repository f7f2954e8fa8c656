namespace CrmBlazor.Features.CircuitState;

/// <summary>
/// Every node removes expired cache entries now and then (<see cref="CircuitStateSettings.PurgeMinutes"/>): a paused
/// or evicted circuit that is never resumed leaves its row behind. Two nodes purging at once skip each other's rows.
/// </summary>
public sealed class ExpiredCacheEntriesPurge(
    PostgresDistributedCache cache, CircuitStateSettings settings, TimeProvider clock, ILogger<ExpiredCacheEntriesPurge> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(settings.PurgeMinutes), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var removed = await cache.PurgeExpiredAsync(stoppingToken);
                if (removed > 0) log.LogInformation("Removed {Count} expired circuit state entries.", removed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be restarting: the next round tries again.
                log.LogWarning(e, "Could not remove expired circuit state entries.");
            }
        }
    }
}

using Npgsql;

namespace CrmBlazor.Data;

/// <summary>
/// One LISTEN kept up for as long as its owner runs: a connection of its own from <see cref="ListenDataSource"/>,
/// listening on one channel and handing each notification's payload on. When the connection fails (PostgreSQL
/// restarted, the backend terminated, the network gone) it connects again by itself, waiting twice as long after
/// each failure in a row, up to <paramref name="longestWait"/>. Whatever was notified while it was not listening
/// is lost, so the owner is told each time the LISTEN is (re)established and catches up then.
/// </summary>
public sealed class PostgresListener(ListenDataSource source, string channel, TimeSpan longestWait, ILogger log)
{
    private static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(100);

    private readonly TaskCompletionSource firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes once the first attempt to listen has succeeded or failed. An owner that waits for it before the app
    /// serves anyone misses nothing sent after start-up while the database was up.
    /// </summary>
    public Task FirstAttempt => firstAttempt.Task;

    /// <summary>
    /// Listens until <paramref name="ct"/> is cancelled: <paramref name="onNotification"/> gets each payload, and
    /// <paramref name="onListening"/> runs each time the LISTEN is in place, the first time included.
    /// </summary>
    public async Task RunAsync(Action<string> onNotification, Action onListening, CancellationToken ct)
    {
        var wait = FirstWait;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                // Not pooled: disposing it ends the session, and the LISTEN with it.
                await using var connection = await source.OpenConnectionAsync(ct);
                connection.Notification += (_, e) => Hand(onNotification, e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
                    await listen.ExecuteNonQueryAsync(ct);
                wait = FirstWait;
                firstAttempt.TrySetResult();
                onListening();
                while (true) await connection.WaitAsync(ct);
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                firstAttempt.TrySetResult();
                log.LogWarning(ex, "The LISTEN connection on {Channel} failed; connecting again in {Wait}", channel, wait);
                await Task.WhenAny(Task.Delay(wait, ct));
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, longestWait.Ticks));
            }
        }
    }

    // A handler that throws would end the wait, and with it the connection; one notification is not worth that.
    private void Hand(Action<string> onNotification, string payload)
    {
        try
        {
            onNotification(payload);
        }
        catch (Exception ex)
        {
            log.LogError(ex, "A notification on {Channel} could not be handled", channel);
        }
    }
}

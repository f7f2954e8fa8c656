namespace CrmBlazor.Features.Search;

/// <summary>
/// The searches of a box that searches as you type: each keystroke's search waits a moment and then runs,
/// cancelling the one before; a search's result counts only while no later keystroke and no choice came
/// after it started. So a result the user has already picked from (a click, Enter) is never replaced, nor
/// acted on, by a search that finishes afterwards.
/// </summary>
public sealed class LatestSearch(TimeSpan pause) : IDisposable
{
    private CancellationTokenSource? running;
    private int started;
    private bool stopped;

    /// <summary>
    /// Waits the pause (a keystroke within it starts over), then runs SEARCH. Returns its result, or null,
    /// whatever became of it, when it no longer counts: a later search started, or <see cref="Cancel"/> or
    /// <see cref="Stop"/> was called, before it ended.
    /// </summary>
    public async Task<T?> RunAsync<T>(Func<CancellationToken, Task<T>> search) where T : class
    {
        if (stopped) return null;
        // Counted first: cancelling the one before can run its ending inline, and by then it must no longer count.
        var mine = ++started;
        // The one before is cancelled, not disposed: it may still be reading its token.
        running?.Cancel();
        running = new CancellationTokenSource();
        var ct = running.Token;
        try
        {
            if (pause > TimeSpan.Zero) await Task.Delay(pause, ct);
            var result = await search(ct);
            return Counts(mine) ? result : null;
        }
        catch (Exception) when (!Counts(mine))
        {
            // Cancelled, or failed after it stopped counting: either way no one waits for it any more.
            return null;
        }
    }

    /// <summary>Nothing to search any more (the box was emptied): the search under way is cancelled and will not count.</summary>
    public void Cancel()
    {
        started++;
        running?.Cancel();
    }

    /// <summary>The user chose: the search under way is cancelled, and none started before or after counts.</summary>
    public void Stop()
    {
        stopped = true;
        running?.Cancel();
    }

    private bool Counts(int search) => !stopped && search == started;

    // Cancelled, not disposed: a search still unwinding may read its token, and a source without a timer holds nothing.
    public void Dispose() => Stop();
}

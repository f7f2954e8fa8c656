using System.Diagnostics;

namespace CrmBlazor.Bench;

/// <summary>
/// The process's working set sampled every 20 ms while it runs, from a settled start (after a full
/// collection): what the app node's memory grows by during the measured work.
/// </summary>
public sealed class PeakMemory : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;
    private long peak;

    public long Start { get; }
    public long Growth => Math.Max(0, Interlocked.Read(ref peak) - Start);

    private PeakMemory()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        Start = peak = WorkingSet();
        sampling = Task.Run(SampleAsync);
    }

    public static PeakMemory Watch() => new();

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                var now = WorkingSet();
                if (now > Interlocked.Read(ref peak)) Interlocked.Exchange(ref peak, now);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static long WorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampling;
        stop.Dispose();
    }
}

using System.Diagnostics;

namespace CrmBlazor.Bench;

/// <summary>Latency samples of one figure, and the line that reports it against its baseline.</summary>
public sealed class Timing(string name)
{
    private readonly List<double> milliseconds = [];

    public async Task<T> MeasureAsync<T>(Func<Task<T>> work)
    {
        var watch = Stopwatch.StartNew();
        var result = await work();
        lock (milliseconds) milliseconds.Add(watch.Elapsed.TotalMilliseconds); // concurrent movers share one Timing
        return result;
    }

    /// <summary>
    /// One sample of each side, the app first in even rounds and the baseline first in odd ones, so
    /// neither side always finds the caches the other just warmed.
    /// </summary>
    public static async Task MeasureBothAsync<TApp, TBaseline>(
        int round, Timing app, Func<Task<TApp>> appWork, Timing baseline, Func<Task<TBaseline>> baselineWork)
    {
        if (round % 2 == 0) await app.MeasureAsync(appWork);
        await baseline.MeasureAsync(baselineWork);
        if (round % 2 == 1) await app.MeasureAsync(appWork);
    }

    public double Percentile(double p)
    {
        var sorted = milliseconds.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>One result line: the app's p50/p95, the hand-tuned SQL's, the ratio of the p95s, and what else the figure checked.</summary>
    public string Report(Timing baseline, string? checks = null) =>
        $"{name}: app p50={Percentile(50):F1}ms p95={Percentile(95):F1}ms | sql p50={baseline.Percentile(50):F1}ms p95={baseline.Percentile(95):F1}ms | ratio={Percentile(95) / baseline.Percentile(95):F2}{(checks is null ? "" : $" | {checks}")} (n={milliseconds.Count})";
}

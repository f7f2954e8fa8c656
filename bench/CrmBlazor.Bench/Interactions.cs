using System.Collections.Concurrent;

namespace CrmBlazor.Bench;

/// <summary>The load run's samples: each interaction's round trips, and every error with what it said.</summary>
public sealed class Interactions
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> samples = new();
    private readonly ConcurrentBag<string> errors = [];

    public void Add(string interaction, double milliseconds) => samples.GetOrAdd(interaction, _ => []).Add(milliseconds);

    public void Error(string what) => errors.Add(what);

    public int Count => samples.Values.Sum(s => s.Count);

    public IReadOnlyCollection<string> Errors => errors;

    public IEnumerable<(string Interaction, int Count, double P50, double P95)> Summary() =>
        samples.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => (s.Key, s.Value.Count, Percentile(s.Value, 50), Percentile(s.Value, 95)));

    public double OverallPercentile(double p) => Percentile(samples.Values.SelectMany(s => s), p);

    private static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}

namespace CrmBlazor.Bench;

/// <summary>The whole machine's CPU time from /proc/stat: whether the cores, not the app, were the limit.</summary>
public sealed record MachineCpu(long Busy, long Total)
{
    public static MachineCpu Read()
    {
        // "cpu  user nice system idle iowait irq softirq steal ...": idle and iowait are the time not busy.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var total = fields.Take(8).Sum();
        return new(total - fields[3] - fields[4], total);
    }

    /// <summary>The share of all cores' time spent busy since <paramref name="earlier"/>.</summary>
    public double BusySince(MachineCpu earlier) => (double)(Busy - earlier.Busy) / Math.Max(1, Total - earlier.Total);
}

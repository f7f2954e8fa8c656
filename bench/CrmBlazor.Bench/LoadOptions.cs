using System.Globalization;

namespace CrmBlazor.Bench;

/// <summary>
/// What ./crm bench load passes: the nginx address, the nodes' own ports, how many circuits and for how long, how
/// many idle circuits to weigh, a label, the file the one-node run leaves its throughput in for the next, and which
/// pages to weigh (<c>--pages shell,contacts,board,contact,dashboard</c>: all five unless given; weighing one page after
/// a change is quicker), how long to keep each page's idle circuits open once weighed (<c>--hold S</c> seconds, 0
/// unless given: time to take a heap dump of a node with dotnet-gcdump), and how long a rep reads between two
/// interactions (<c>--think S</c> seconds on average, 0 unless given: back to back, the most the machine can drive), and
/// how far apart reps arrive (<c>--arrive S</c> seconds, 0.1 unless given: each arrival loads the app in a new tab).
/// </summary>
public sealed record LoadOptions(
    string Url, IReadOnlyList<int> Ports, int Circuits, double Minutes, int Idle, string Label, string? Results, IReadOnlySet<string> Pages,
    double Hold, double Think, double Arrive)
{
    public static LoadOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        }
        var ports = Value("--ports", "5081").Split(',').Select(int.Parse).ToList();
        var circuits = int.Parse(Value("--circuits", "200"), CultureInfo.InvariantCulture);
        return new(Value("--url", "http://127.0.0.1:5080"), ports, circuits,
            double.Parse(Value("--minutes", "3"), CultureInfo.InvariantCulture),
            Math.Min(circuits, int.Parse(Value("--idle", "50"), CultureInfo.InvariantCulture)),
            Value("--label", $"{ports.Count} node{(ports.Count == 1 ? "" : "s")}"), Value("--results", "") is { Length: > 0 } file ? file : null,
            Value("--pages", "shell,contacts,board,contact,dashboard").Split(',').ToHashSet(),
            double.Parse(Value("--hold", "0"), CultureInfo.InvariantCulture),
            double.Parse(Value("--think", "0"), CultureInfo.InvariantCulture),
            double.Parse(Value("--arrive", "0.1"), CultureInfo.InvariantCulture));
    }
}

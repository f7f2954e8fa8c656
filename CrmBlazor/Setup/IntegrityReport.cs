using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrmBlazor.Setup;

/// <summary>
/// What one check found: how many offending rows or objects and a few of them by name, or the error
/// that kept its query from running (a database behind on migrations lacks the tables it reads).
/// Links holds, for each example, the app's page where it is seen (null when none): for the Data
/// health page, not the command line's report.
/// </summary>
public sealed record IntegrityFinding(
    string Name, long Count, IReadOnlyList<string> Examples, string? Error = null,
    [property: JsonIgnore] IReadOnlyList<string?>? Links = null)
{
    public bool Ok => Count == 0 && Error is null;
}

/// <summary>One table's size on disk (table, indexes and TOAST) and the planner's row estimate.</summary>
public sealed record TableSize(string Table, long TotalBytes, string TotalSize, long? EstimatedRows);

/// <summary>An index no query has read since the statistics were last reset (unique and primary-key indexes aside).</summary>
public sealed record UnusedIndex(string Table, string Index, long Bytes, string Size);

/// <summary>One normalised statement of pg_stat_statements, with its calls and mean and total execution times.</summary>
public sealed record SlowStatement(string Query, long Calls, double MeanMs, double TotalMs);

/// <summary>
/// For information only, never a problem: indexes never scanned (every index of a fresh database) and the
/// slowest statements, or why those are not available (<paramref name="SlowStatementsUnavailable"/>).
/// </summary>
public sealed record MonitoringReport(
    IReadOnlyList<UnusedIndex> UnusedIndexes, IReadOnlyList<SlowStatement> SlowStatements, string? SlowStatementsUnavailable)
{
    public static readonly MonitoringReport None = new([], [], "not collected");
}

/// <summary>The result of <c>./crm db check</c>: every finding, plus table sizes and monitoring lists for information only.</summary>
public sealed record IntegrityReport(IReadOnlyList<IntegrityFinding> Checks, IReadOnlyList<TableSize> Sizes, MonitoringReport? Monitoring = null)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Sizes and monitoring lists never make a report fail: a large table or an unread index is not a broken one.</summary>
    public bool Ok => Checks.All(c => c.Ok);

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions) + Environment.NewLine;

    public string ToText()
    {
        var text = new StringBuilder();
        foreach (var check in Checks)
        {
            if (check.Ok)
            {
                text.AppendLine($"OK       {check.Name}");
                continue;
            }
            if (check.Error is not null)
            {
                text.AppendLine($"FAILED   {check.Name}: {check.Error}");
                continue;
            }
            var more = check.Count > check.Examples.Count ? ", …" : "";
            text.AppendLine($"PROBLEM  {check.Name}: {check.Count} ({string.Join(", ", check.Examples)}{more})");
        }

        var width = Math.Max("table".Length, Sizes.Select(s => s.Table.Length).DefaultIfEmpty(0).Max());
        text.AppendLine();
        text.AppendLine("Largest tables (information only):");
        text.AppendLine($"  {"table".PadRight(width)}  {"size",10}  {"rows (est.)",11}");
        foreach (var size in Sizes)
            text.AppendLine($"  {size.Table.PadRight(width)}  {size.TotalSize,10}  {size.EstimatedRows?.ToString() ?? "?",11}");

        AppendMonitoring(text, Monitoring ?? MonitoringReport.None);

        var problems = Checks.Count(c => !c.Ok);
        text.AppendLine();
        text.AppendLine(problems == 0
            ? $"All {Checks.Count} checks OK."
            : $"{problems} of {Checks.Count} checks found problems or failed.");
        return text.ToString();
    }

    private static void AppendMonitoring(StringBuilder text, MonitoringReport monitoring)
    {
        text.AppendLine();
        text.AppendLine("Unused indexes (information only; unique ones aside, never scanned since the statistics were reset):");
        if (monitoring.UnusedIndexes.Count == 0) text.AppendLine("  none");
        foreach (var index in monitoring.UnusedIndexes)
            text.AppendLine($"  {index.Table}.{index.Index}  {index.Size}");

        text.AppendLine();
        text.AppendLine("Slowest statements by mean time (information only, pg_stat_statements):");
        if (monitoring.SlowStatementsUnavailable is { } why) text.AppendLine($"  {why}");
        else if (monitoring.SlowStatements.Count == 0) text.AppendLine("  none recorded yet");
        foreach (var statement in monitoring.SlowStatements)
            text.AppendLine(FormattableString.Invariant(
                $"  {statement.MeanMs,10:0.00} ms mean  {statement.Calls,8} calls  {Shorten(statement.Query, 100)}"));
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

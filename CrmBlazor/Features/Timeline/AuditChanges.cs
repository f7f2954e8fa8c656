using System.Text.Json;

namespace CrmBlazor.Features.Timeline;

/// <summary>
/// Reads audit rows (old and new row JSON) as field-level sentences: "Email changed from a to b".
/// Columns that only the system sets (stamps, ids, search text) are not news to anyone.
/// </summary>
public static class AuditChanges
{
    private static readonly HashSet<string> Unremarkable =
        ["id", "tenant_id", "created_at", "created_by", "updated_at", "updated_by", "search_text", "rank", "deleted_at"];

    public sealed record FieldChange(string Column, string? Old, string? New);

    public static IReadOnlyList<FieldChange> Diff(string? oldJson, string? newJson)
    {
        var before = Read(oldJson);
        var after = Read(newJson);
        return after.Keys.Union(before.Keys)
            .Where(column => !Unremarkable.Contains(column))
            .Select(column => new FieldChange(column, before.GetValueOrDefault(column), after.GetValueOrDefault(column)))
            .Where(change => change.Old != change.New)
            .ToList();
    }

    /// <summary>The value of one column of a row's JSON, as text.</summary>
    public static string? Value(string? json, string column) => Read(json).GetValueOrDefault(column);

    public static string Label(string column) => column switch
    {
        "company_id" => "Company",
        "owner_id" => "Owner",
        "stage_id" => "Stage",
        "pipeline_id" => "Pipeline",
        _ => char.ToUpperInvariant(column[0]) + column[1..].Replace('_', ' '),
    };

    private static Dictionary<string, string?> Read(string? json)
    {
        if (string.IsNullOrEmpty(json)) return [];
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(
            p => p.Name,
            p => p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText());
    }
}

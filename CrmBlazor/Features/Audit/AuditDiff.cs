using System.Text.Json;

namespace CrmBlazor.Features.Audit;

/// <summary>One column of an audit row whose value differs between before and after, as stored (JSON text, null for none).</summary>
public sealed record AuditField(string Column, string? Old, string? New);

/// <summary>
/// The columns an audit row changed, read from its old and new row (jsonb): every column of an update
/// whose value differs, every filled column of an insert or a deletion. Columns that change by
/// themselves or say nothing the entry does not (stamps, ids, the tenant, the board rank, search text)
/// are left out.
/// </summary>
public static class AuditDiff
{
    private static readonly HashSet<string> Noise =
        ["id", "tenant_id", "version", "xmin", "created_at", "created_by", "updated_at", "updated_by", "search_text", "rank"];

    public static IReadOnlyList<AuditField> Changes(string? oldJson, string? newJson)
    {
        var before = Row(oldJson);
        var after = Row(newJson);
        return before.Keys.Union(after.Keys)
            .Where(column => !Noise.Contains(column))
            .Select(column => new AuditField(column, before.GetValueOrDefault(column), after.GetValueOrDefault(column)))
            .Where(field => field.Old != field.New)
            .ToList();
    }

    /// <summary>A row's columns as text: strings as they are, numbers and booleans as JSON writes them, null as null.</summary>
    public static Dictionary<string, string?> Row(string? json)
    {
        if (string.IsNullOrEmpty(json)) return [];
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object) return [];
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => p.Value.GetString(),
            _ => p.Value.GetRawText(),
        });
    }
}

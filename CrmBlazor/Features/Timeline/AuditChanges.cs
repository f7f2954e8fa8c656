using CrmBlazor.Features.Audit;

namespace CrmBlazor.Features.Timeline;

/// <summary>
/// Reads audit rows (old and new row JSON) as field-level sentences: "Email changed from a to b".
/// Columns that only the system sets (stamps, ids, search text) are not news to anyone (AuditDiff leaves them out).
/// </summary>
public static class AuditChanges
{
    public sealed record FieldChange(string Column, string? Old, string? New);

    /// <summary>The changed fields (<see cref="AuditDiff"/>), without deleted_at: the timeline tells a deletion in its own words.</summary>
    public static IReadOnlyList<FieldChange> Diff(string? oldJson, string? newJson) =>
        AuditDiff.Changes(oldJson, newJson)
            .Where(field => field.Column != "deleted_at")
            .Select(field => new FieldChange(field.Column, field.Old, field.New))
            .ToList();

    /// <summary>The value of one column of a row's JSON, as text.</summary>
    public static string? Value(string? json, string column) => AuditDiff.Row(json).GetValueOrDefault(column);
}

using CrmBlazor.Data;
using CrmBlazor.Data.Entities;

namespace CrmBlazor.Features.Audit;

/// <summary>Audit rows as the log shows them: labels, names instead of ids, and each changed field's old and new value.</summary>
public static class AuditEntries
{
    public static Task<AuditNames> NamesAsync(CrmDbContext db, IReadOnlyList<AuditLog> rows, CancellationToken ct) =>
        AuditNames.LoadAsync(db,
            rows.Select(l => l.ChangedBy).Concat(rows.Where(l => l.TableName == "users").Select(l => l.RecordId)),
            rows.SelectMany(l => new[] { AuditDiff.Row(l.OldData), AuditDiff.Row(l.NewData) }), ct);

    public static AuditEntry From(AuditLog row, AuditNames names, Func<AuditLog, AuditField, bool>? revertable = null)
    {
        var isEvent = row.Action == AuditLog.EventAction;
        var (before, after) = (AuditDiff.Row(row.OldData), AuditDiff.Row(row.NewData));
        var changes = isEvent ? [] : AuditDiff.Changes(row.OldData, row.NewData)
            .Select(f => new ShownChange(f.Column, AuditLabels.Column(f.Column),
                AuditValues.Text(f.Column, f.Old, before, names), AuditValues.Text(f.Column, f.New, after, names),
                revertable?.Invoke(row, f) ?? false))
            .ToList();
        var name = row.RecordName ?? (row.TableName == "users" ? names.Of(row.RecordId) : null);
        return new AuditEntry(row.Id, row.ChangedAt, names.Of(row.ChangedBy), AuditLabels.Action(row.Action, row.Event), isEvent,
            AuditLabels.Table(row.TableName), name, AuditLabels.Link(row.TableName, row.RecordId),
            isEvent ? after.GetValueOrDefault("detail") : null, changes, row.ClientIp?.ToString(), row.UserAgent);
    }
}

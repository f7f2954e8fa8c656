using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Audit;

/// <summary>One change in a record's history: when, who, what happened in words (a tag added, deleted) and the fields changed.</summary>
public sealed record HistoryEntry(long AuditId, DateTimeOffset At, string? Who, string? Summary, IReadOnlyList<ShownChange> Changes);

/// <summary>Where the next page of a history starts: after this entry.</summary>
public sealed record HistoryCursor(DateTimeOffset At, long Id);

public sealed record HistoryPage(IReadOnlyList<HistoryEntry> Entries, HistoryCursor? Next);

/// <summary>
/// The History of a contact, company or deal page: what the audit log recorded of the record and of its
/// join rows (tags, roles, participants: their record_id is the record's), newest first, a page at a time.
/// Anyone who may see the record may read it; <see cref="ShownChange.Revertable"/> marks what an admin may revert.
/// </summary>
public sealed class RecordHistoryService(IDbContextFactory<CrmDbContext> dbFactory)
{
    public const int PageSize = 20;

    /// <summary>The tables whose audit rows belong to a record of each kind; the record's own table first.</summary>
    private static readonly Dictionary<string, string[]> Tables = new()
    {
        ["contacts"] = ["contacts", "contact_tags"],
        ["companies"] = ["companies", "company_tags", "company_roles"],
        ["deals"] = ["deals", "deal_tags", "deal_participants"],
    };

    /// <param name="table">contacts, companies or deals.</param>
    public async Task<HistoryPage> PageAsync(string table, Guid recordId, HistoryCursor? after = null, CancellationToken ct = default)
    {
        var tables = Tables.GetValueOrDefault(table) ?? throw new ArgumentException($"{table} has no history.", nameof(table));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = db.AuditLogs.AsNoTracking()
            .Where(l => l.RecordId == recordId && l.Action != AuditLog.EventAction && tables.Contains(l.TableName!));
        if (after is not null)
            rows = rows.Where(l => l.ChangedAt < after.At || l.ChangedAt == after.At && l.Id < after.Id);
        var page = await rows.OrderByDescending(l => l.ChangedAt).ThenByDescending(l => l.Id).Take(PageSize + 1).ToListAsync(ct);
        var shown = page.Take(PageSize).ToList();
        var names = await AuditEntries.NamesAsync(db, shown, ct);

        var entries = shown.Select(row => Entry(row, table, names)).ToList();
        var next = page.Count > PageSize ? new HistoryCursor(shown[^1].ChangedAt, shown[^1].Id) : null;
        return new HistoryPage(entries, next);
    }

    private static HistoryEntry Entry(AuditLog row, string table, AuditNames names)
    {
        var entry = AuditEntries.From(row, names, (log, field) => log.Action == AuditLog.Update && log.TableName == table && RevertableFields.Allows(table, field.Column));
        var (before, after) = (AuditDiff.Row(row.OldData), AuditDiff.Row(row.NewData));
        var changes = entry.Changes;
        string? summary = null;
        if (row.TableName == table)
        {
            summary = row.Action switch
            {
                AuditLog.Insert => "Created",
                AuditLog.Delete => "Deleted for good",
                _ => (before.GetValueOrDefault("deleted_at"), after.GetValueOrDefault("deleted_at")) switch
                {
                    (null, not null) => "Moved to the trash",
                    (not null, null) => "Restored from the trash",
                    _ => null,
                },
            };
            // Created: its first values are the record itself; deleted or restored: the sentence says it.
            changes = row.Action == AuditLog.Insert ? [] : changes.Where(c => c.Column != "deleted_at").ToList();
        }
        else
        {
            var link = after.Count > 0 ? after : before;
            var what = row.TableName switch
            {
                "company_roles" => $"Role {Capitalized(link.GetValueOrDefault("role"))}",
                "deal_participants" => $"Participant {names.Of(Guid.TryParse(link.GetValueOrDefault("company_id"), out var c) ? c : null) ?? "(deleted company)"} ({link.GetValueOrDefault("role")})",
                _ => $"Tag {names.Of(Guid.TryParse(link.GetValueOrDefault("tag_id"), out var t) ? t : null) ?? "(deleted tag)"}",
            };
            summary = row.Action switch
            {
                AuditLog.Insert => $"{what} added",
                AuditLog.Delete => $"{what} removed",
                _ => $"{what} changed",
            };
            if (row.Action != AuditLog.Update) changes = [];
        }
        return new HistoryEntry(row.Id, row.ChangedAt, entry.Who, summary, changes);
    }

    private static string Capitalized(string? text) => string.IsNullOrEmpty(text) ? "" : char.ToUpperInvariant(text[0]) + text[1..];
}

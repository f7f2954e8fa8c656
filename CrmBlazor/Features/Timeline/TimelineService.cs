using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Audit;
using CrmBlazor.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Timeline;

/// <summary>
/// A record's history, newest first: its activities merged with what the audit log says happened to
/// it (and to its deals' stages), with names instead of ids and who did it.
/// </summary>
public sealed class TimelineService(IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task<IReadOnlyList<TimelineEntry>> ForContactAsync(Guid contactId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var activities = await db.Activities.Where(a => a.ContactId == contactId)
            .Select(a => new { a.Id, a.CreatedAt, a.Type, a.Subject, a.Body, a.DueAt, a.CompletedAt, a.DurationMinutes, a.Outcome, Who = a.Owner!.FullName })
            .ToListAsync(ct);
        var dealIds = await db.Deals.Where(d => d.ContactId == contactId).Select(d => d.Id).ToListAsync(ct);
        var audit = await db.AuditLogs
            .Where(l => l.Action != AuditLog.EventAction
                        && ((l.TableName == "contacts" || l.TableName == "contact_tags") && l.RecordId == contactId
                            || l.TableName == "deals" && l.RecordId != null && dealIds.Contains(l.RecordId.Value)))
            .OrderBy(l => l.Id)
            .ToListAsync(ct);
        var names = await NamesAsync(db, audit, ct);

        // An activity sits at the moment it happened (a task: when done, or else when created), as in every list.
        var entries = activities.Select(a => new TimelineEntry(a.CompletedAt ?? a.CreatedAt, KindOf(a.Type),
            a.Type == Activity.Task ? $"Task: {a.Subject}" + (a.DueAt is { } due ? $" (due {DisplayDate.Moment(due)})" : "") : a.Subject + Details(a.Outcome, a.DurationMinutes),
            a.Body, a.Who)
        {
            Completed = a.Type == Activity.Task ? a.CompletedAt is not null : null,
            Activity = new TimelineActivity(a.Id, a.Type, a.Subject, a.DueAt),
        }).ToList();
        entries.AddRange(audit.SelectMany(l => Describe(l, names)));
        return entries.OrderByDescending(e => e.At).ToList();
    }

    private static IEnumerable<TimelineEntry> Describe(AuditLog log, IReadOnlyDictionary<Guid, string> names)
    {
        var who = log.ChangedBy is { } by ? names.GetValueOrDefault(by) : null;
        string Name(string? id) => id is not null && Guid.TryParse(id, out var g) && names.TryGetValue(g, out var n) ? n : id ?? "nothing";

        switch (log.TableName, log.Action)
        {
            case ("contact_tags", AuditLog.Insert):
                yield return new(log.ChangedAt, TimelineKind.Changed, $"Tagged {Name(AuditChanges.Value(log.NewData, "tag_id"))}", null, who);
                yield break;
            case ("contact_tags", AuditLog.Delete):
                yield return new(log.ChangedAt, TimelineKind.Changed, $"Tag {Name(AuditChanges.Value(log.OldData, "tag_id"))} removed", null, who);
                yield break;
            case ("contacts", AuditLog.Insert):
                yield return new(log.ChangedAt, TimelineKind.Created, "Contact created", null, who);
                yield break;
            case ("deals", AuditLog.Insert):
                yield return new(log.ChangedAt, TimelineKind.Created, $"Deal {AuditChanges.Value(log.NewData, "title")} created", null, who);
                yield break;
        }
        if (log.Action != AuditLog.Update) yield break;

        var deleted = (AuditChanges.Value(log.OldData, "deleted_at"), AuditChanges.Value(log.NewData, "deleted_at"));
        if (deleted is (null, not null)) yield return new(log.ChangedAt, TimelineKind.Deleted, "Deleted", null, who);
        if (deleted is (not null, null)) yield return new(log.ChangedAt, TimelineKind.Restored, "Restored", null, who);

        var subject = log.TableName == "deals" ? $" of deal {AuditChanges.Value(log.NewData, "title")}" : "";
        foreach (var change in AuditChanges.Diff(log.OldData, log.NewData))
        {
            // Deals are shown here for their progress only; their other fields belong on the deal's own page.
            if (log.TableName == "deals" && change.Column != "stage_id") continue;
            var (from, to) = change.Column.EndsWith("_id") ? (Name(change.Old), Name(change.New)) : (change.Old ?? "empty", change.New ?? "empty");
            yield return new(log.ChangedAt, TimelineKind.Changed, $"{AuditLabels.Column(change.Column)}{subject} changed from {from} to {to}", null, who);
        }
    }

    /// <summary>Names for every user, company, stage and tag id the audit rows mention, in four small queries.</summary>
    private static async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(CrmDbContext db, List<AuditLog> audit, CancellationToken ct)
    {
        var ids = audit.SelectMany(l => new[] { l.OldData, l.NewData })
            .SelectMany(json => new[] { "company_id", "owner_id", "stage_id", "tag_id" }.Select(c => AuditChanges.Value(json, c)))
            .Concat(audit.Select(l => l.ChangedBy?.ToString()))
            .Where(v => v is not null).Select(v => Guid.TryParse(v, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty)
            .Distinct().ToList();
        var names = new Dictionary<Guid, string>();
        foreach (var x in await db.Users.Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, Name = u.FullName }).ToListAsync(ct))
            names[x.Id] = x.Name;
        foreach (var x in await db.Companies.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter]).Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(ct))
            names[x.Id] = x.Name;
        foreach (var x in await db.PipelineStages.Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
            names[x.Id] = x.Name;
        foreach (var x in await db.Tags.Where(t => ids.Contains(t.Id)).Select(t => new { t.Id, t.Name }).ToListAsync(ct))
            names[x.Id] = x.Name;
        return names;
    }

    /// <summary>" · No answer, 3 min" for a call or meeting; nothing when neither was noted.</summary>
    private static string Details(string? outcome, int? minutes)
    {
        var parts = new[] { ActivityOutcomes.Label(outcome), minutes is { } m ? $"{m} min" : null }.OfType<string>().ToList();
        return parts.Count == 0 ? "" : " · " + string.Join(", ", parts);
    }

    private static TimelineKind KindOf(string type) => type switch
    {
        Activity.Call => TimelineKind.Call,
        Activity.Email => TimelineKind.Email,
        Activity.Meeting => TimelineKind.Meeting,
        Activity.Task => TimelineKind.Task,
        _ => TimelineKind.Note,
    };
}

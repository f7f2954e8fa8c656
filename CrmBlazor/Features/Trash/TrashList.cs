using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Trash;

/// <summary>
/// Reads the trash: the tenant's deleted records of the four kinds as one list (UNION ALL of one scan per table
/// on its ix_*_trash index), and who deleted each from the audit log.
/// </summary>
internal static class TrashList
{
    private static readonly string[] NotDeleted = [CrmDbContext.NotDeletedFilter];

    /// <summary>The deleted records of <paramref name="kinds"/> deleted at or after <paramref name="since"/>; the tenant filter stays on.</summary>
    public static IQueryable<TrashRow> Deleted(CrmDbContext db, DateTimeOffset since, IReadOnlyCollection<TrashKind> kinds)
    {
        var parts = new List<IQueryable<TrashRow>>();
        if (kinds.Contains(TrashKind.Contact))
            parts.Add(db.Contacts.IgnoreQueryFilters(NotDeleted).Where(c => c.DeletedAt >= since)
                .Select(c => new TrashRow { Kind = TrashKind.Contact, Id = c.Id, Name = ((c.FirstName ?? "") + " " + (c.LastName ?? "")).Trim(), DeletedAt = c.DeletedAt!.Value }));
        if (kinds.Contains(TrashKind.Company))
            parts.Add(db.Companies.IgnoreQueryFilters(NotDeleted).Where(c => c.DeletedAt >= since)
                .Select(c => new TrashRow { Kind = TrashKind.Company, Id = c.Id, Name = c.Name, DeletedAt = c.DeletedAt!.Value }));
        if (kinds.Contains(TrashKind.Deal))
            parts.Add(db.Deals.IgnoreQueryFilters(NotDeleted).Where(d => d.DeletedAt >= since)
                .Select(d => new TrashRow { Kind = TrashKind.Deal, Id = d.Id, Name = d.Title, DeletedAt = d.DeletedAt!.Value }));
        if (kinds.Contains(TrashKind.Activity))
            parts.Add(db.Activities.IgnoreQueryFilters(NotDeleted).Where(a => a.DeletedAt >= since)
                .Select(a => new TrashRow { Kind = TrashKind.Activity, Id = a.Id, Name = a.Subject, DeletedAt = a.DeletedAt!.Value }));
        return parts.Skip(1).Aggregate(parts[0], (all, part) => all.Concat(part));
    }

    /// <summary>
    /// Who deleted each item: the user of the newest audited update that set its deleted_at (old row without one,
    /// new row with one). Items with no such row (written before the log, or by the import's undo as a job) stay null.
    /// </summary>
    public static async Task<IReadOnlyList<TrashItem>> WithDeleterAsync(CrmDbContext db, IReadOnlyList<TrashRow> rows, CancellationToken ct)
    {
        if (rows.Count == 0) return [];
        var items = rows.Select(r => r.ToItem()).ToList();
        var tables = items.Select(i => Table(i.Kind)).Distinct().ToList();
        var ids = items.Select(i => (Guid?)i.Id).ToList();
        var deletions = await db.AuditLogs
            .Where(a => a.Action == AuditLog.Update && tables.Contains(a.TableName!) && ids.Contains(a.RecordId)
                        && EF.Functions.JsonContains(a.OldData!, """{"deleted_at": null}""")
                        && !EF.Functions.JsonContains(a.NewData!, """{"deleted_at": null}"""))
            .GroupBy(a => new { a.TableName, a.RecordId })
            .Select(g => g.OrderByDescending(a => a.ChangedAt).ThenByDescending(a => a.Id).Select(a => new { a.TableName, a.RecordId, a.ChangedBy }).First())
            .ToListAsync(ct);
        var userIds = deletions.Where(d => d.ChangedBy != null).Select(d => d.ChangedBy!.Value).Distinct().ToList();
        // A user deleted since is still named: the trash says who, not who may still sign in.
        var names = await db.Users.IgnoreQueryFilters(NotDeleted).Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.FullName, ct);
        return items.Select(item =>
        {
            var by = deletions.FirstOrDefault(d => d.TableName == Table(item.Kind) && d.RecordId == item.Id)?.ChangedBy;
            return item with { DeletedBy = by is { } user && names.TryGetValue(user, out var name) ? name : null };
        }).ToList();
    }

    public static string Table(TrashKind kind) => kind switch
    {
        TrashKind.Contact => "contacts",
        TrashKind.Company => "companies",
        TrashKind.Deal => "deals",
        _ => "activities",
    };
}

/// <summary>A record in the trash as the list query reads it (who deleted it comes after, for the page only).</summary>
/// Set by member initialisation: EF translates a UNION ALL of those, not of constructor calls.
internal sealed class TrashRow
{
    public TrashKind Kind { get; init; }
    public Guid Id { get; init; }
    public string Name { get; init; } = "";
    public DateTimeOffset DeletedAt { get; init; }

    public TrashItem ToItem() => new(Kind, Id, Name, DeletedAt);
}

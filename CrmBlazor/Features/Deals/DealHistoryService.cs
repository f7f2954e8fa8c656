using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Timeline;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Deals;

/// <summary>
/// A deal's way through the stages, read from what the audit trigger recorded of its row: where it
/// was created and each change of stage_id, with stage and user names instead of ids.
/// </summary>
public sealed class DealHistoryService(IDbContextFactory<CrmDbContext> dbFactory)
{
    public const string DeletedStage = "a deleted stage";

    /// <summary>The latest first.</summary>
    public async Task<IReadOnlyList<StageChange>> StageChangesAsync(Guid dealId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // A deal has tens of audit rows, not thousands: which of them moved the stage is read here rather than in jsonb SQL.
        var rows = await db.AuditLogs
            .Where(l => l.TableName == "deals" && l.RecordId == dealId && (l.Action == AuditLog.Insert || l.Action == AuditLog.Update))
            .OrderByDescending(l => l.Id)
            .Select(l => new { l.ChangedAt, l.ChangedBy, l.OldData, l.NewData })
            .ToListAsync(ct);
        var moves = rows
            .Select(r => new
            {
                r.ChangedAt, r.ChangedBy,
                From = Stage(AuditChanges.Value(r.OldData, "stage_id")), To = Stage(AuditChanges.Value(r.NewData, "stage_id")),
            })
            .Where(m => m.To is not null && m.From != m.To)
            .ToList();

        var stageIds = moves.SelectMany(m => new[] { m.From, m.To }).OfType<Guid>().Distinct().ToList();
        var stages = await StageNamesAsync(db, stageIds, ct);
        var userIds = moves.Select(m => m.ChangedBy).OfType<Guid>().Distinct().ToList();
        var users = await db.Users.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter]).Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.FullName, ct);

        return moves.Select(m => new StageChange(m.ChangedAt, m.From is { } from ? stages.GetValueOrDefault(from, DeletedStage) : null,
            stages.GetValueOrDefault(m.To!.Value, DeletedStage), m.ChangedBy is { } by ? users.GetValueOrDefault(by) : null)).ToList();
    }

    /// <summary>Live stages by their name; a stage deleted since is named as the audit log last saw it.</summary>
    private static async Task<Dictionary<Guid, string>> StageNamesAsync(CrmDbContext db, List<Guid> ids, CancellationToken ct)
    {
        var names = await db.PipelineStages.Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var gone = ids.Except(names.Keys).ToList();
        if (gone.Count == 0) return names;
        var last = await db.AuditLogs.Where(l => l.TableName == "pipeline_stages" && l.RecordId != null && gone.Contains(l.RecordId.Value))
            .OrderBy(l => l.Id).Select(l => new { l.RecordId, l.OldData, l.NewData }).ToListAsync(ct);
        foreach (var row in last)
            if (AuditChanges.Value(row.NewData ?? row.OldData, "name") is { } name)
                names[row.RecordId!.Value] = name;
        return names;
    }

    private static Guid? Stage(string? id) => Guid.TryParse(id, out var stage) ? stage : null;
}

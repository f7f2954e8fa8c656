using System.Runtime.CompilerServices;
using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Export;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Audit;

/// <summary>
/// The audit log's filtered view as a file (GET /export/audit, Owners and Admins): every matching entry,
/// newest first, with the same labels, names and old → new values the page shows. Rows stream from the
/// export's context; names are looked up a chunk at a time in a context of their own.
/// </summary>
public sealed class AuditExport(IDbContextFactory<CrmDbContext> dbFactory, PermissionGuard guard)
{
    private const int Chunk = 500;

    /// <summary>Why the acting user may not export the audit log (the refusal is audited), or null when they may.</summary>
    public async Task<string?> RefusalAsync(CancellationToken ct)
    {
        try
        {
            await guard.DemandAsync(Permission.Administer, "audit.export", ct);
            return null;
        }
        catch (PermissionDeniedException refused)
        {
            return refused.Message;
        }
    }

    public Task<ExportTable> TableAsync(CrmDbContext db, AuditQuery query, CancellationToken ct) => Task.FromResult(new ExportTable(
        ["When (UTC)", "User", "Action", "Record type", "Record", "Record id", "Changes", "Detail", "IP address", "User agent"], RowsAsync(db, query, ct)));

    private async IAsyncEnumerable<object?[]> RowsAsync(CrmDbContext db, AuditQuery query, [EnumeratorCancellation] CancellationToken ct)
    {
        var rows = from l in db.AuditLogs.AsNoTracking()
                   join m in AuditSearch.Matches(db, query, 0, take: null, countCap: null) on (long?)l.Id equals m.Id
                   orderby l.ChangedAt descending, l.Id descending
                   select l;
        await using var namesDb = await dbFactory.CreateDbContextAsync(ct);
        var chunk = new List<AuditLog>(Chunk);
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            chunk.Add(row);
            if (chunk.Count < Chunk) continue;
            foreach (var line in await LinesAsync(namesDb, chunk, ct)) yield return line;
            chunk.Clear();
        }
        foreach (var line in await LinesAsync(namesDb, chunk, ct)) yield return line;
    }

    private static async Task<IEnumerable<object?[]>> LinesAsync(CrmDbContext namesDb, List<AuditLog> rows, CancellationToken ct)
    {
        var names = await AuditEntries.NamesAsync(namesDb, rows, ct);
        return rows.Select(row => (Row: row, Entry: AuditEntries.From(row, names))).Select(x => new object?[]
        {
            x.Entry.At, x.Entry.Who, x.Entry.Action, x.Entry.Type, x.Entry.RecordName, x.Row.RecordId?.ToString(),
            string.Join("; ", x.Entry.Changes.Select(c => $"{c.Label}: {c.Old} → {c.New}")), x.Entry.Detail,
            x.Entry.ClientIp, x.Entry.UserAgent,
        }).ToList();
    }
}

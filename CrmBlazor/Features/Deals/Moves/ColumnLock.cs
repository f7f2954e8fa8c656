using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Deals.Moves;

/// <summary>
/// The transaction lock taken before rewriting many ranks of one stage column at once (a rebalance,
/// or deals arriving from a deleted stage), so two such rewrites never interleave. Single moves
/// don't take it: they rewrite one deal and rely on its version and the unique rank index.
/// </summary>
public static class ColumnLock
{
    public static Task TakeAsync(CrmDbContext db, Guid stageId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({stageId.ToString()}, 0))", ct);
}

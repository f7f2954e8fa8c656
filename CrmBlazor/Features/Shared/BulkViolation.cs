using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Shared;

/// <summary>
/// Which record of a refused multi-row INSERT broke a rule only the database checks (a row deleted meanwhile, a value
/// taken meanwhile): the multi-row statement names no row, so the same records go through SaveChanges, one INSERT each,
/// in a transaction that is rolled back, and EF names the entry whose INSERT failed. Only a refused bulk create pays for
/// this. A rule checked at commit (a constraint trigger) names no entry: then record 0.
/// </summary>
internal static class BulkViolation
{
    /// <param name="records">Records built for the insert, tracked by no context.</param>
    /// <param name="parts">The rows each record adds beside itself (its tag links), so their failures count as the record's.</param>
    public static async Task<int> PlaceAsync<T>(
        IDbContextFactory<CrmDbContext> dbFactory, IReadOnlyList<T> records, Func<T, IEnumerable<object>> parts, CancellationToken ct)
        where T : class
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var placeOf = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < records.Count; i++)
        {
            placeOf[records[i]] = i;
            foreach (var part in parts(records[i])) placeOf[part] = i;
        }
        db.AddRange(records);
        try
        {
            await db.SaveChangesAsync(ct);
            return 0;
        }
        catch (DbUpdateException ex)
        {
            return ex.Entries.Select(e => placeOf.GetValueOrDefault(e.Entity, -1)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
        }
    }
}

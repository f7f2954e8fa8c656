using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CrmBlazor.Features.Shared;

/// <summary>
/// Which record of a refused bulk create broke a rule only the database checks. The bulk insert is one statement
/// per table, so the database's error names no record: the records are replayed here one at a time, in a
/// transaction that is rolled back, each followed by <c>SET CONSTRAINTS ALL IMMEDIATE</c>, which runs there and
/// then the checks otherwise left to commit (constraint triggers, deferrable keys). The first record after which
/// the database refuses is the one, whether its rule is checked at its INSERT or at commit; a rule that only
/// later rows of the same record satisfy (its tags, its roles) still holds, as those are saved with it.
/// Only a refused bulk create pays for this: a round trip or two per record.
/// </summary>
public static class BulkRefusal
{
    /// <summary>
    /// The place of the first of <paramref name="records"/> (entities with their children) the database refuses, and
    /// its error; null when none is refused on replay (what broke the rule is gone, as a value another call held).
    /// </summary>
    public static async Task<(int Index, Exception Error)?> FirstRefusedAsync<T>(CrmDbContext db, IReadOnlyList<T> records, CancellationToken ct) where T : class
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        for (var i = 0; i < records.Count; i++)
        {
            db.Add(records[i]);
            try
            {
                await db.SaveChangesAsync(ct);
                // The checks this record's rows deferred run now; deferred again, the next record's wait for its own turn.
                await db.Database.ExecuteSqlRawAsync("SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED", ct);
            }
            catch (Exception ex) when (ex is DbUpdateException or PostgresException)
            {
                return (i, ex);
            }
            // Saved rows need no tracking: each SaveChanges then looks at one record, not at all before it.
            db.ChangeTracker.Clear();
        }
        return null;
    }
}

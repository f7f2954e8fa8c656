using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Import;

/// <summary>
/// Writes the search documents of the records a completed job created, after its commit, in chunks
/// of staging rows that each commit on their own (crm_search_index_import), then clears the job's
/// search_pending mark. Run by the runner that wrote the job, or by any runner once that runner's lease
/// has run out (it died, or indexing failed): a chunk indexed twice is the same documents again.
/// </summary>
public sealed class ImportSearchIndexing(IDbContextFactory<CrmDbContext> dbFactory)
{
    private const int ChunkRows = 5_000;

    public async Task RunAsync(Guid jobId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lastRow = await ImportSql.LastRowAsync(db, jobId, ct);
        for (var from = 1; from <= lastRow; from += ChunkRows)
            await db.Database.ExecuteSqlAsync($"SELECT crm_search_index_import({jobId}, {from}, {from + ChunkRows - 1})", ct);
        await db.ImportJobs.Where(j => j.Id == jobId)
            .ExecuteUpdateAsync(j => j.SetProperty(x => x.SearchPending, false), ct);
    }
}

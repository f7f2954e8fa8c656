using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CrmBlazor.Features.Import;

/// <summary>
/// Runs one phase of one job for the runner, in a scope acting as the job's tenant and user (so every
/// statement passes row-level security), and leaves the job in a state the page can show: ready,
/// completed, cancelled or failed with a sentence. A job taken over from a runner that died runs again
/// from the start of its phase: the read phase deletes the staging rows first, and the write phase is one
/// transaction, which died with its runner. Every change to the job is fenced by the runner's lease.
/// </summary>
public sealed class ImportJobRun(
    IDbContextFactory<CrmDbContext> dbFactory, ImportReadPhase read, ImportWritePhase write, ImportSearchIndexing indexing,
    TimeProvider clock, ILogger<ImportJobRun> log)
{
    /// <summary>Runners that may die running one job before it is failed: a job that kills its runner must not go round the nodes forever.</summary>
    public const int MaxClaims = 3;

    public const string StoppedWhileReading =
        "The review stopped three times because the app running it stopped. Nothing was imported; review the file again.";
    public const string StoppedWhileWriting =
        "The import stopped three times because the app running it stopped. None of its rows were written; start it again.";

    /// <param name="claims">How often runners claimed the job since it was queued, this claim included.</param>
    public async Task RunAsync(ImportLease lease, int claims, CancellationToken ct)
    {
        var jobId = lease.JobId;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var job = await db.ImportJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null) return;
        if (job.SearchPending)
        {
            await IndexAsync(jobId, ct);
            return;
        }
        if (job.Status is not (ImportJob.Validating or ImportJob.Importing)) return;
        var writing = job.Status == ImportJob.Importing;
        if (job.CancelRequested)
        {
            await FinishAsync(lease, ImportJob.Cancelled, null, ct);
            return;
        }
        if (claims > MaxClaims)
        {
            await FinishAsync(lease, ImportJob.Failed, writing ? StoppedWhileWriting : StoppedWhileReading, ct);
            return;
        }

        ImportCounts? written = null;
        try
        {
            if (writing) written = await write.RunAsync(job, lease, ct);
            else await read.RunAsync(job, lease, ct);
        }
        catch (ImportCancelledException)
        {
            await FinishAsync(lease, ImportJob.Cancelled, null, CancellationToken.None);
            return;
        }
        catch (Exception ex) when (ex is not ImportLeaseLostException && !ct.IsCancellationRequested)
        {
            var problem = ProblemOf(ex);
            if (ex is not (ImportJobException or ImportFileException))
                log.LogError(ex, "Import job {JobId} failed", jobId);
            await FinishAsync(lease, ImportJob.Failed, problem, CancellationToken.None);
            return;
        }
        // The write committed search_pending exactly when it created records.
        if (written is { Imported: > 0 }) await IndexAsync(jobId, ct);
    }

    /// <summary>
    /// Indexes a completed job's records for search. A failure leaves the job pending, and the next runner
    /// tries again once this runner's lease has run out.
    /// </summary>
    private async Task IndexAsync(Guid jobId, CancellationToken ct)
    {
        try
        {
            await indexing.RunAsync(jobId, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            log.LogError(ex, "Import job {JobId}: indexing its records for search failed; another runner tries again", jobId);
        }
    }

    private static string ProblemOf(Exception ex) => ex switch
    {
        ImportJobException or ImportFileException => ex.Message,
        PostgresException { SqlState: "23505" } =>
            "Another change made a record this import would create (same email, domain or name) while it ran. Nothing was imported; review the file again.",
        PostgresException { SqlState: "23503" } =>
            "A company, owner or tag this import refers to was deleted while it ran. Nothing was imported; review the file again.",
        _ => "The import failed on an unexpected error; nothing of it was written. Try again, and tell your administrator if it happens again.",
    };

    /// <summary>
    /// Ends the job (in its own transaction), only while it is still this runner's, and audits a failure as
    /// import.fail. A plain update, not a tracked save: the lease's renewals move the row's version meanwhile.
    /// </summary>
    private async Task FinishAsync(ImportLease lease, string status, string? problem, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var finished = await db.ImportJobs.Where(j => j.Id == lease.JobId && j.ClaimedBy == lease.Runner)
            .ExecuteUpdateAsync(j => j
                .SetProperty(x => x.Status, status).SetProperty(x => x.ErrorReport, problem).SetProperty(x => x.RowsWritten, 0)
                .SetProperty(x => x.FinishedAt, now).SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null), ct);
        if (finished == 0) throw new ImportLeaseLostException(lease.JobId);
        if (status == ImportJob.Failed)
        {
            AuditTrail.Record(db, "import.fail", lease.JobId, "import_jobs", problem);
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }
}

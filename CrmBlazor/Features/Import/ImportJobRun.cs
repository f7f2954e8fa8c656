using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CrmBlazor.Features.Import;

/// <summary>
/// Runs one phase of one job for the runner, in a scope acting as the job's tenant and user (so every
/// statement passes row-level security), and leaves the job in a state the page can show: ready,
/// completed, cancelled or failed with a sentence.
/// </summary>
public sealed class ImportJobRun(
    IDbContextFactory<CrmDbContext> dbFactory, ImportReadPhase read, ImportWritePhase write, ImportSearchIndexing indexing,
    TimeProvider clock, ILogger<ImportJobRun> log)
{
    public const string StoppedWhileReading =
        "The review stopped because the app running it stopped. Nothing was imported; review the file again.";
    public const string StoppedWhileWriting =
        "The import stopped because the app running it stopped. None of its rows were written; start it again.";

    /// <param name="wasClaimed">Another runner had the job and is gone (its lock was free): the job is failed, not run again.</param>
    public async Task RunAsync(Guid jobId, string runner, bool wasClaimed, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var job = await db.ImportJobs.SingleOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null) return;
        if (job.SearchPending)
        {
            await IndexAsync(jobId, runner, ct);
            return;
        }
        if (job.Status is not (ImportJob.Validating or ImportJob.Importing)) return;
        var writing = job.Status == ImportJob.Importing;
        if (wasClaimed)
        {
            await FinishAsync(jobId, ImportJob.Failed, writing ? StoppedWhileWriting : StoppedWhileReading, ct);
            return;
        }
        if (job.CancelRequested)
        {
            await FinishAsync(jobId, ImportJob.Cancelled, null, ct);
            return;
        }
        job.ClaimedBy = runner;
        job.ClaimedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);

        ImportCounts? written = null;
        try
        {
            if (writing) written = await write.RunAsync(job, ct);
            else await read.RunAsync(job, ct);
        }
        catch (ImportCancelledException)
        {
            await FinishAsync(jobId, ImportJob.Cancelled, null, CancellationToken.None);
            return;
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            var problem = ProblemOf(ex);
            if (ex is not (ImportJobException or ImportFileException))
                log.LogError(ex, "Import job {JobId} failed", jobId);
            await FinishAsync(jobId, ImportJob.Failed, problem, CancellationToken.None);
            return;
        }
        // The write committed search_pending exactly when it created records.
        if (written is { Imported: > 0 }) await IndexAsync(jobId, runner, ct);
    }

    /// <summary>
    /// Indexes a completed job's records for search. A failure leaves the job pending: noted as this
    /// runner's claim (which moves its updated_at), another runner tries again a minute later.
    /// </summary>
    private async Task IndexAsync(Guid jobId, string runner, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            await db.ImportJobs.Where(j => j.Id == jobId)
                .ExecuteUpdateAsync(j => j.SetProperty(x => x.ClaimedBy, runner).SetProperty(x => x.ClaimedAt, now), ct);
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

    /// <summary>Ends the job (in its own transaction) and audits a failure as import.fail.</summary>
    private async Task FinishAsync(Guid jobId, string status, string? problem, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var job = await db.ImportJobs.SingleAsync(j => j.Id == jobId, ct);
        job.Status = status;
        job.ErrorReport = problem;
        job.RowsWritten = 0;
        job.FinishedAt = clock.GetUtcNow();
        if (status == ImportJob.Failed) AuditTrail.Record(db, "import.fail", jobId, "import_jobs", problem);
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>Who the runner acts as for a job, as crm_next_import_job returned it.</summary>
public sealed record ClaimedImportJob(Guid JobId, TenantSnapshot ActingFor, bool WasClaimed, long LockKey);

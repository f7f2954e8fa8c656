using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CrmBlazor.Features.Import;

/// <summary>
/// A runner's hold on one job (import_leases.sql): the job's row names the runner in claimed_by until
/// lease_until, and the runner may change the job only while it still does. The lease lives in the row,
/// not on a connection, so the runner's connections carry nothing between transactions (PgBouncer in
/// transaction mode hands them on), and a dead runner's job is taken over once its lease runs out.
/// </summary>
public sealed record ImportLease(Guid JobId, string Runner, TimeSpan Length)
{
    /// <summary>
    /// In a phase's transaction, before it writes: checks that the job is still this runner's and locks its
    /// row FOR KEY SHARE until the transaction ends, so no runner can claim the job (FOR UPDATE SKIP LOCKED)
    /// while the transaction may still commit, whatever its lease says. Renewals, progress and cancels
    /// update other columns and are not held up.
    /// </summary>
    /// <exception cref="ImportLeaseLostException">Another runner took the job over.</exception>
    public async Task HoldAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var hold = new NpgsqlCommand(
            "SELECT FROM import_jobs WHERE id = @job AND claimed_by = @runner FOR KEY SHARE", connection, transaction);
        hold.Parameters.AddWithValue("job", JobId);
        hold.Parameters.AddWithValue("runner", Runner);
        await using var reader = await hold.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) throw new ImportLeaseLostException(JobId);
    }

    /// <summary>Moves the lease's end to <see cref="Length"/> from now (the database's clock); false when the job is no longer this runner's.</summary>
    public async Task<bool> RenewAsync(IDbContextFactory<CrmDbContext> dbFactory, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Database.ExecuteSqlAsync(
            $"UPDATE import_jobs SET lease_until = now() + {Length} WHERE id = {JobId} AND claimed_by = {Runner}", ct) == 1;
    }

    /// <summary>
    /// Gives the job up before its lease ends (the runner's node is stopping), so another runner takes it over
    /// at once; the claim is given back too: only runners that died count towards <see cref="ImportJobRun.MaxClaims"/>.
    /// </summary>
    public async Task ReleaseAsync(IDbContextFactory<CrmDbContext> dbFactory, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.ExecuteSqlAsync(
            $"UPDATE import_jobs SET lease_until = NULL, claims = greatest(claims - 1, 0) WHERE id = {JobId} AND claimed_by = {Runner}", ct);
    }
}

/// <summary>The job's lease ran out and another runner claimed it: this runner stops and leaves the job alone.</summary>
public sealed class ImportLeaseLostException(Guid jobId) : Exception($"Import job {jobId} was taken over by another runner.");

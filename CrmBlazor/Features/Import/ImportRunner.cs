using CrmBlazor.Data;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CrmBlazor.Features.Import;

/// <summary>
/// The background worker every app node runs: it claims the next queued import job of any tenant with a
/// lease (crm_next_import_job, import_leases.sql), runs it as the job's tenant and user, and renews the
/// lease every third of its length (Import:LeaseSeconds, 30 s) while it does. A job whose runner died is
/// taken over by the next runner once its lease has run out; a runner that finds its job taken over stops
/// working on it. The runner keeps nothing on its connections between transactions.
/// </summary>
public sealed class ImportRunner(
    NpgsqlDataSource dataSource, TenantScopes scopes, ImportQueue queue, IConfiguration config, ILogger<ImportRunner> log)
    : BackgroundService
{
    // Unique per runner, not only per process: a claim is fenced by this name, and a test runs several runners in one process.
    private readonly string name = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";
    private readonly TimeSpan leaseLength = TimeSpan.FromSeconds(config.GetValue("Import:LeaseSeconds", 30.0));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RunNextAsync(stoppingToken)) continue;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogError(ex, "The import runner could not take a job");
            }
            await queue.WaitAsync(stoppingToken);
        }
    }

    /// <summary>Claims the next job and runs it until it ends or is taken over; false when there was none to claim.</summary>
    public async Task<bool> RunNextAsync(CancellationToken ct)
    {
        var claimed = await ClaimAsync(ct);
        if (claimed is null) return false;
        var lease = new ImportLease(claimed.JobId, name, leaseLength);
        await using var scope = scopes.Begin(claimed.ActingFor);
        var dbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        // Cancelled when the node stops or when a renewal finds the job taken over.
        using var held = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var running = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewing = RenewAsync(lease, dbFactory, held, running.Token);
        try
        {
            await scope.ServiceProvider.GetRequiredService<ImportJobRun>().RunAsync(lease, claimed.Claims, held.Token);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && (ex is ImportLeaseLostException || held.IsCancellationRequested))
        {
            log.LogWarning("Import job {JobId}: its lease ran out and another runner took it over; {Runner} stopped working on it", lease.JobId, name);
        }
        finally
        {
            await running.CancelAsync();
            await renewing;
            // A stopping node gives its job up, so that another node takes it over now rather than when the lease runs out.
            if (ct.IsCancellationRequested) await lease.ReleaseAsync(dbFactory, CancellationToken.None);
        }
        return true;
    }

    /// <summary>Renews the lease until the run ends; cancels <paramref name="held"/> when the job turns out to be another runner's.</summary>
    private async Task RenewAsync(ImportLease lease, IDbContextFactory<CrmDbContext> dbFactory, CancellationTokenSource held, CancellationToken running)
    {
        using var timer = new PeriodicTimer(lease.Length / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(running))
            {
                try
                {
                    if (await lease.RenewAsync(dbFactory, running)) continue;
                    await held.CancelAsync();
                    return;
                }
                catch (Exception ex) when (!running.IsCancellationRequested)
                {
                    // The next tick tries again; the lease lasts three of them.
                    log.LogWarning(ex, "Import job {JobId}: renewing its lease failed", lease.JobId);
                }
            }
        }
        catch (OperationCanceledException) when (running.IsCancellationRequested)
        {
        }
    }

    private async Task<ClaimedImportJob?> ClaimAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var next = new NpgsqlCommand(
            "SELECT job_id, tenant_id, user_id, user_role, claims FROM crm_next_import_job(@runner, @lease)", connection);
        next.Parameters.AddWithValue("runner", name);
        next.Parameters.AddWithValue("lease", leaseLength);
        await using var reader = await next.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new ClaimedImportJob(reader.GetGuid(0),
            new TenantSnapshot(reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetGuid(2), reader.IsDBNull(3) ? null : reader.GetString(3)),
            reader.GetInt32(4));
    }
}

/// <summary>A job crm_next_import_job claimed: who the runner acts as for it, and how often runners claimed it since it was queued.</summary>
public sealed record ClaimedImportJob(Guid JobId, TenantSnapshot ActingFor, int Claims);

/// <summary>Wakes this node's runner when a job is queued here; other nodes' runners find it on their next look (every few seconds).</summary>
public sealed class ImportQueue
{
    private static readonly TimeSpan LookEvery = TimeSpan.FromSeconds(3);
    private readonly SemaphoreSlim signal = new(0);

    public void Wake()
    {
        if (signal.CurrentCount == 0) signal.Release();
    }

    public async Task WaitAsync(CancellationToken ct) => await signal.WaitAsync(LookEvery, ct);
}

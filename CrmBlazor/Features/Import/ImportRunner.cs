using CrmBlazor.Tenancy;
using Npgsql;

namespace CrmBlazor.Features.Import;

/// <summary>
/// The background worker every app node runs: it takes the next queued import job of any tenant
/// (crm_next_import_job, which also takes the job's session advisory lock on this runner's own
/// connection, held until the job is done, so no other node or runner gets it) and runs it as the
/// job's tenant and user. A job whose runner died is failed by the next runner that finds it.
/// </summary>
public sealed class ImportRunner(NpgsqlDataSource dataSource, TenantScopes scopes, ImportQueue queue, ILogger<ImportRunner> log)
    : BackgroundService
{
    private readonly string name = $"{Environment.MachineName}:{Environment.ProcessId}";

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

    /// <summary>Runs the next queued job to its end; false when there was none.</summary>
    public async Task<bool> RunNextAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var claimed = await ClaimAsync(connection, ct);
        if (claimed is null) return false;
        try
        {
            await using var scope = scopes.Begin(claimed.ActingFor);
            await scope.ServiceProvider.GetRequiredService<ImportJobRun>().RunAsync(claimed.JobId, name, claimed.WasClaimed, ct);
        }
        finally
        {
            // The connection goes back to the pool, which does not reset sessions: release the lock here.
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            unlock.Parameters.AddWithValue("key", claimed.LockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
        return true;
    }

    private static async Task<ClaimedImportJob?> ClaimAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var next = new NpgsqlCommand(
            "SELECT job_id, tenant_id, user_id, user_role, was_claimed, lock_key FROM crm_next_import_job()", connection);
        await using var reader = await next.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new ClaimedImportJob(reader.GetGuid(0),
            new TenantSnapshot(reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetGuid(2), reader.IsDBNull(3) ? null : reader.GetString(3)),
            reader.GetBoolean(4), reader.GetInt64(5));
    }
}

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

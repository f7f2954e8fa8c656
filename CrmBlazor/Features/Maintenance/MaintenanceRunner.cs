using Npgsql;

namespace CrmBlazor.Features.Maintenance;

/// <summary>
/// Runs the purges that are due (<see cref="MaintenanceSchedule"/>) as the schema owner: crm_app may not
/// purge, and row-level security is forced for the owner too, so each purge acts as each tenant in turn
/// itself. Every run is recorded in maintenance_runs: a row when it starts (committed, so a run that dies
/// shows as unfinished) and its result when it ends. A session advisory lock keeps two runners (two nodes,
/// or <c>./crm db purge</c> beside <c>./crm run</c>) from purging at once.
/// </summary>
public sealed class MaintenanceRunner(NpgsqlDataSource dataSource, TimeProvider clock, MaintenanceSettings settings)
{
    // pg_advisory_lock's key for "a maintenance round is running": any constant no other lock uses.
    private const long LockKey = 0x63726d5f6d61696e; // "crm_main"

    private const string IsSchemaOwnerSql = """
        SELECT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = to_regclass('public.audit_logs')), 'MEMBER')
        """;

    private const string LastSuccessesSql = """
        SELECT kind, max(started_at) FROM maintenance_runs WHERE succeeded GROUP BY kind
        """;

    /// <summary>Runs every purge that is due now (all of them when FORCE); says what each did. Empty when another runner holds the lock.</summary>
    public async Task<IReadOnlyList<MaintenanceOutcome>> RunDueAsync(bool force, Action<string> say, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // The pool does not reset sessions: no tenant or user left over from an earlier use.
        await ExecuteAsync(connection, "SELECT set_config('app.tenant_id', '', false), set_config('app.user_id', '', false)", ct);
        if (await ScalarAsync(connection, IsSchemaOwnerSql, ct) is not true)
            throw new InvalidOperationException(
                "maintenance must run as the schema owner (./crm passes its connection); the runtime role may not purge.");
        if (await ScalarAsync(connection, $"SELECT pg_try_advisory_lock({LockKey})", ct) is not true)
        {
            say("Another maintenance runner is at work; nothing done.");
            return [];
        }
        try
        {
            var lastSuccesses = await LastSuccessesAsync(connection, ct);
            var outcomes = new List<MaintenanceOutcome>();
            foreach (var job in MaintenanceJob.All)
            {
                var due = force || MaintenanceSchedule.IsDue(job.Kind, lastSuccesses.GetValueOrDefault(job.Kind), clock.GetUtcNow(), settings.NightlyHourUtc);
                if (!due) continue;
                if (job.NeedsFunction is not null
                    && await ScalarAsync(connection, $"SELECT to_regprocedure('{job.NeedsFunction}') IS NOT NULL", ct) is not true)
                {
                    say($"{job.Kind}: skipped, this database has no {job.NeedsFunction}.");
                    continue;
                }
                var outcome = await RunAsync(connection, job, ct);
                say($"{job.Kind}: {(outcome.Succeeded ? "done" : "FAILED")}. {outcome.Detail}");
                outcomes.Add(outcome);
            }
            return outcomes;
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    /// <summary>Looks for due purges every few minutes until CT is cancelled; a failed look is reported and tried again.</summary>
    public async Task RunForeverAsync(Action<string> say, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(force: false, say, ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                say($"Maintenance could not run: {ex.Message}");
            }
            try { await Task.Delay(settings.LookEvery, clock, ct); }
            catch (OperationCanceledException) { return; }
        }
    }

    private static async Task<MaintenanceOutcome> RunAsync(NpgsqlConnection connection, MaintenanceJob job, CancellationToken ct)
    {
        long id;
        await using (var start = new NpgsqlCommand("INSERT INTO maintenance_runs (kind) VALUES (@kind) RETURNING id", connection))
        {
            start.Parameters.AddWithValue("kind", job.Kind);
            id = (long)(await start.ExecuteScalarAsync(ct))!;
        }

        MaintenanceOutcome outcome;
        try
        {
            // A purge of years of rows may take long: no command timeout.
            await using var purge = new NpgsqlCommand(job.Sql, connection) { CommandTimeout = 0 };
            var results = new List<string>();
            await using (var reader = await purge.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct))
                    results.Add(reader.IsDBNull(0) ? "" : reader.GetString(0));
            outcome = new MaintenanceOutcome(job.Kind, true, job.Describe(string.Join(", ", results)));
        }
        catch (Exception ex)
        {
            // Whatever went wrong is the run's result: recorded, and the next job still runs.
            outcome = new MaintenanceOutcome(job.Kind, false, ex is PostgresException pg ? pg.MessageText : ex.Message);
        }

        await using var finish = new NpgsqlCommand(
            "UPDATE maintenance_runs SET finished_at = now(), succeeded = @ok, detail = @detail WHERE id = @id", connection);
        finish.Parameters.AddWithValue("ok", outcome.Succeeded);
        finish.Parameters.AddWithValue("detail", outcome.Detail);
        finish.Parameters.AddWithValue("id", id);
        await finish.ExecuteNonQueryAsync(CancellationToken.None);
        return outcome;
    }

    private static async Task<Dictionary<string, DateTimeOffset>> LastSuccessesAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(LastSuccessesSql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var last = new Dictionary<string, DateTimeOffset>();
        while (await reader.ReadAsync(ct)) last[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        return last;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(ct);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}

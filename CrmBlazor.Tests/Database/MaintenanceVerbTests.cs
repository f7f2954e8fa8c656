using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// The app's <c>maintenance</c> verb as ./crm runs it: a separate process, as the schema owner. --once runs
/// the purges that are due and records each run in maintenance_runs.
/// </summary>
public sealed class MaintenanceVerbTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    [Fact]
    public async Task Once_runs_the_due_retention_purge_records_it_and_then_finds_it_not_due_until_forced()
    {
        // Other tests of the class may have purged already: this one starts from a database never purged.
        await PostgresCluster.ExecuteAsync(database.OwnerConnectionString, "DELETE FROM maintenance_runs");
        var tenant = await NewTenantAsync();
        await AddOldAuditRowAsync(tenant);

        var first = await MaintenanceVerb.RunAsync(database.OwnerConnectionString, "maintenance", "--once");
        var afterFirst = await RetentionRunsAsync();
        var second = await MaintenanceVerb.RunAsync(database.OwnerConnectionString, "maintenance", "--once");
        var afterSecond = await RetentionRunsAsync();
        var forced = await MaintenanceVerb.RunAsync(database.OwnerConnectionString, "maintenance", "--once", "--force");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("audit_retention: done", first.Stdout);
        Assert.Equal(0L, await OldAuditRowsAsync(tenant));
        var run = Assert.Single(afterFirst);
        Assert.True(run.Succeeded);
        Assert.True(run.Finished);
        Assert.Contains("Removed", run.Detail);

        Assert.Equal(0, second.ExitCode);
        Assert.DoesNotContain("audit_retention", second.Stdout);
        Assert.Equal(afterFirst.Count, afterSecond.Count);

        Assert.Equal(0, forced.ExitCode);
        Assert.Contains("Removed 0 audit rows", forced.Stdout);
        Assert.Equal(afterSecond.Count + 1, (await RetentionRunsAsync()).Count);
    }

    [Fact]
    public async Task As_the_runtime_role_the_runner_refuses_and_records_nothing()
    {
        var runsBefore = await RetentionRunsAsync();

        var result = await MaintenanceVerb.RunAsync(database.AppConnectionString, "maintenance", "--once", "--force");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("must run as the schema owner", result.Stderr);
        Assert.Equal(runsBefore.Count, (await RetentionRunsAsync()).Count);
    }

    [Fact]
    public async Task Force_without_once_and_unknown_options_are_refused()
    {
        var forceAlone = await MaintenanceVerb.RunAsync(database.OwnerConnectionString, "maintenance", "--force");
        var unknown = await MaintenanceVerb.RunAsync(database.OwnerConnectionString, "maintenance", "--now");

        Assert.Equal(1, forceAlone.ExitCode);
        Assert.Contains("use it with --once", forceAlone.Stderr);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("unknown option '--now'", unknown.Stderr);
    }

    private async Task<TestTenant> NewTenantAsync()
    {
        await using var session = await DbSession.OpenAsync(database.AppConnectionString);
        return await session.CreateTenantAsync();
    }

    private async Task AddOldAuditRowAsync(TestTenant tenant)
    {
        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString, tenant.Id);
        await owner.ExecuteAsync("""
            WITH added AS (INSERT INTO audit_logs (table_name, action) VALUES ('contacts', 'update') RETURNING id)
            UPDATE audit_logs SET changed_at = now() - interval '3 years' WHERE id IN (SELECT id FROM added)
            """);
    }

    private async Task<long> OldAuditRowsAsync(TestTenant tenant)
    {
        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString, tenant.Id);
        return await owner.CountAsync("audit_logs WHERE tenant_id = @t AND changed_at < now() - interval '2 years'", ("t", tenant.Id));
    }

    private Task<List<(bool Succeeded, bool Finished, string Detail)>> RetentionRunsAsync() =>
        MaintenanceVerb.QueryAsync(database,
            "SELECT coalesce(succeeded, false), finished_at IS NOT NULL, coalesce(detail, '') FROM maintenance_runs WHERE kind = 'audit_retention' ORDER BY id",
            reader => (reader.GetBoolean(0), reader.GetBoolean(1), reader.GetString(2)));
}

/// <summary>
/// The trash purge, in a database of its own: its tests replace crm_purge_trash (the trash feature's) with stand-ins.
/// </summary>
public sealed class MaintenanceTrashPurgeTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    private const string NoTrashPurge = "DROP FUNCTION IF EXISTS crm_purge_trash(interval)";

    [Fact]
    public async Task The_trash_purge_is_called_by_name_when_the_database_has_it_and_a_failure_is_recorded_as_failed()
    {
        await PostgresCluster.ExecuteAsync(database.OwnerConnectionString, NoTrashPurge);
        var without = await MaintenanceVerb.RunAsync(database.OwnerConnectionString, "maintenance", "--once", "--force");
        await PostgresCluster.ExecuteAsync(database.OwnerConnectionString, $"""
            {NoTrashPurge};
            CREATE FUNCTION crm_purge_trash(window_length interval) RETURNS bigint LANGUAGE sql AS $$ SELECT extract(day FROM window_length)::bigint $$;
            """);
        var with = await MaintenanceVerb.RunAsync(database.OwnerConnectionString, "maintenance", "--once", "--force");
        await PostgresCluster.ExecuteAsync(database.OwnerConnectionString, $"""
            {NoTrashPurge};
            CREATE FUNCTION crm_purge_trash(interval) RETURNS bigint LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'trash is jammed'; END $$;
            """);
        var failing = await MaintenanceVerb.RunAsync(database.OwnerConnectionString, "maintenance", "--once", "--force");

        Assert.Equal(0, without.ExitCode);
        Assert.Contains("trash_purge: skipped", without.Stdout);
        Assert.Equal(0, with.ExitCode);
        Assert.Equal(1, failing.ExitCode);
        Assert.Contains("trash_purge: FAILED", failing.Stdout);
        // The retention purge still ran after the trash purge failed.
        Assert.Contains("audit_retention: done", failing.Stdout);
        Assert.Equal(
            [(true, "Trash older than 30 days purged: 30."), (false, "trash is jammed")],
            await MaintenanceVerb.QueryAsync(database,
                "SELECT succeeded, detail FROM maintenance_runs WHERE kind = 'trash_purge' AND finished_at IS NOT NULL ORDER BY id",
                reader => (reader.GetBoolean(0), reader.GetString(1))));
    }
}

/// <summary>Runs the verb as ./crm does, and reads what it recorded.</summary>
internal static class MaintenanceVerb
{
    public static async Task<List<T>> QueryAsync<T>(CrmDatabase database, string sql, Func<Npgsql.NpgsqlDataReader, T> read)
    {
        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString);
        await using var command = new Npgsql.NpgsqlCommand(sql, owner.Connection);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken)) rows.Add(read(reader));
        return rows;
    }

    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string connectionString, params string[] args) =>
        AppProcess.RunVerbAsync(connectionString, args);
}

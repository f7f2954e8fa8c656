using System.Diagnostics;
using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// A local cluster of its own, made and run by <c>./crm</c> itself (CRM_DATA_DIR, CRM_PG_PORT) with its
/// WAL archived through pgBackRest, migrated: the backup verbs stop, rename and rewind it, so they must
/// never touch the suite's shared cluster.
/// </summary>
public sealed class BackupCluster : IAsyncLifetime
{
    private const string OwnerPassword = "owner-pw-for-backup-tests", AppPassword = "app-pw-for-backup-tests";

    private readonly string root = Path.Combine(Path.GetTempPath(), "crm-backup-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly int port = LoopbackPort.Free();

    public string DataDirectory => Path.Combine(root, "data");

    public string OwnerConnectionString(string database = "crm") =>
        $"Host=127.0.0.1;Port={port};Database={database};Username=crm_owner;Password={OwnerPassword};Pooling=false";

    public string AppConnectionString =>
        $"Host=127.0.0.1;Port={port};Database=crm;Username=crm_app;Password={AppPassword};Pooling=false";

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        // The cluster runs Debian's PostgreSQL binaries, so this is never Windows (CA1416); postgres must enter the folder.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        await File.WriteAllTextAsync(Path.Combine(DataDirectory, "secrets.env"),
            $"CRM_OWNER_PASSWORD={OwnerPassword}\nCRM_APP_PASSWORD={AppPassword}\nCRM_DEMO_PASSWORD=unused\n");
        var started = await CrmAsync("db", "psql", "-c", "SELECT 1");
        if (started.ExitCode != 0) throw new InvalidOperationException("./crm could not start its cluster: " + started.Stderr);
        await PostgresCluster.MigrateAsync(OwnerConnectionString());
    }

    /// <summary>Runs <c>./crm ARGS</c> against this cluster, never the server ConnectionStrings__Crm may name.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> CrmAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(Repository.Root(), "crm"), args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("ConnectionStrings__Crm");
        start.Environment["CRM_DATA_DIR"] = DataDirectory;
        start.Environment["CRM_PG_PORT"] = port.ToString();
        // The verbs that run the app (db migrate, check) run the build next to the tests instead of publishing one.
        start.Environment["CRM_APP_DIR"] = AppContext.BaseDirectory;
        // Times without a zone are read as UTC, as the tests write them.
        start.Environment["TZ"] = "UTC";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    public async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        await CrmAsync("stop");
        Directory.Delete(root, recursive: true);
    }
}

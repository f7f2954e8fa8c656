using System.Diagnostics;
using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

[assembly: AssemblyFixture(typeof(CrmBlazor.Tests.Infrastructure.PostgresCluster))]

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL cluster for the whole test run, with a migrated template database that each test
/// class clones (<see cref="CrmDatabase"/>). A throwaway local cluster with fsync off, unless
/// ConnectionStrings__Crm names a server (a superuser connection) to create the databases on.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    public const string TemplateName = "crm_template";
    private const string PgBin = "/usr/lib/postgresql/15/bin";

    private readonly SemaphoreSlim createLock = new(1, 1);
    private string? clusterDir;
    private string? externalAdmin;
    private int port;

    /// <summary>Superuser connection to the maintenance database.</summary>
    public string AdminConnectionString { get; private set; } = "";

    public string PgBinDirectory => PgBin;

    public async ValueTask InitializeAsync()
    {
        externalAdmin = Environment.GetEnvironmentVariable("ConnectionStrings__Crm");
        if (string.IsNullOrWhiteSpace(externalAdmin))
            AdminConnectionString = await StartLocalClusterAsync();
        else
            AdminConnectionString = new NpgsqlConnectionStringBuilder(externalAdmin) { Database = "postgres", Pooling = false }.ToString();

        await ExecuteAsync(AdminConnectionString, """
            SELECT 'CREATE ROLE crm_owner LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'crm_owner');
            """, gexec: true);
        await ExecuteAsync(AdminConnectionString, """
            SELECT 'CREATE ROLE crm_app LOGIN NOSUPERUSER NOBYPASSRLS' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'crm_app');
            """, gexec: true);
        await ExecuteAsync(AdminConnectionString, $"DROP DATABASE IF EXISTS {TemplateName}");
        await ExecuteAsync(AdminConnectionString, $"CREATE DATABASE {TemplateName} OWNER crm_owner");
        await MigrateAsync(ConnectionString(TemplateName, "crm_owner"));
    }

    /// <summary>A connection string to DATABASE logged in as ROLE (crm_owner or crm_app), never pooled across tests.</summary>
    public string ConnectionString(string database, string role)
    {
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, Pooling = role != "crm_owner" };
        if (externalAdmin is null)
        {
            builder.Username = role;
        }
        else
        {
            // On a server we don't manage, act as the role instead of knowing its password.
            builder.Options = $"-c role={role}";
        }
        return builder.ToString();
    }

    /// <summary>Creates a fresh database cloned from the migrated template.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "crm_test_" + Guid.NewGuid().ToString("N")[..12];
        await createLock.WaitAsync();
        try
        {
            await ExecuteAsync(AdminConnectionString, $"CREATE DATABASE {name} TEMPLATE {TemplateName} OWNER crm_owner");
        }
        finally
        {
            createLock.Release();
        }
        return name;
    }

    public Task DropDatabaseAsync(string name) =>
        ExecuteAsync(AdminConnectionString, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");

    public static async Task MigrateAsync(string ownerConnectionString, string? target = null)
    {
        await using var dataSource = new NpgsqlDataSourceBuilder(ownerConnectionString).Build();
        var options = new DbContextOptionsBuilder<CrmDbContext>();
        DataRegistration.Configure(options, dataSource);
        await using var db = new CrmDbContext(options.Options);
        await db.Database.MigrateAsync(target);
    }

    public static async Task ExecuteAsync(string connectionString, string sql, bool gexec = false)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (!gexec)
        {
            await command.ExecuteNonQueryAsync();
            return;
        }
        // Like psql's \gexec: run the statement the query produced, if any.
        if (await command.ExecuteScalarAsync() is string statement)
        {
            await using var follow = new NpgsqlCommand(statement, connection);
            await follow.ExecuteNonQueryAsync();
        }
    }

    private async Task<string> StartLocalClusterAsync()
    {
        clusterDir = Path.Combine(Path.GetTempPath(), "crm-tests-" + Guid.NewGuid().ToString("N")[..8]);
        var dataDir = Path.Combine(clusterDir, "pg");
        Directory.CreateDirectory(dataDir);
        // The cluster runs Debian's PostgreSQL binaries, so this is never Windows; the check says so to the analyzer (CA1416).
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(clusterDir, (UnixFileMode)0b111_101_101);
        var asRoot = Environment.UserName == "root";
        if (asRoot) await RunAsync("chown", "postgres:postgres", dataDir);

        port = LoopbackPort.Free();
        await RunAsPostgresAsync(asRoot, $"{PgBin}/initdb", "-D", dataDir, "-U", "postgres", "-E", "UTF8",
            "--locale=C.UTF-8", "--auth=trust", "--no-sync");
        await StartServerAsync();
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
    }

    /// <summary>Starts the local cluster's server again on its port, after <see cref="StopServerAsync"/> (the fault drills).</summary>
    public Task StartServerAsync()
    {
        var dataDir = Path.Combine(LocalClusterDir, "pg");
        // pg_stat_statements is preloaded as ./crm's cluster has it; a database has it once a superuser creates the extension there.
        return RunAsPostgresAsync(Environment.UserName == "root", $"{PgBin}/pg_ctl", "-D", dataDir, "-w", "-t", "60", "-l", Path.Combine(dataDir, "server.log"),
            "-o", $"-p {port} -k {dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_preload_libraries=pg_stat_statements",
            "start");
    }

    /// <summary>Stops the local cluster's server as an operator's restart does (fast: sessions are ended, transactions rolled back).</summary>
    public Task StopServerAsync() =>
        RunAsPostgresAsync(Environment.UserName == "root", $"{PgBin}/pg_ctl", "-D", Path.Combine(LocalClusterDir, "pg"), "-m", "fast", "-w", "stop");

    private string LocalClusterDir =>
        clusterDir ?? throw new InvalidOperationException("ConnectionStrings__Crm names a server of its own: only a local cluster is stopped and started.");

    public async ValueTask DisposeAsync()
    {
        if (clusterDir is null) return;
        var dataDir = Path.Combine(clusterDir, "pg");
        // A drill that failed while its cluster was stopped left no server to stop.
        if (File.Exists(Path.Combine(dataDir, "postmaster.pid")))
            await RunAsPostgresAsync(Environment.UserName == "root", $"{PgBin}/pg_ctl", "-D", dataDir, "-m", "immediate", "-w", "stop");
        Directory.Delete(clusterDir, recursive: true);
    }

    private static Task RunAsPostgresAsync(bool asRoot, string program, params string[] args) =>
        asRoot ? RunAsync("runuser", ["-u", "postgres", "--", program, .. args]) : RunAsync(program, args);

    private static async Task RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}");
    }
}

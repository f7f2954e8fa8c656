using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// PgBouncer (Debian's package) in transaction mode in front of the test run's local cluster, with one server
/// connection per database and role: every client's transactions take turns on that one connection, so any
/// setting a transaction left on it would reach the next client's. For the tests that prove nothing does.
/// </summary>
public sealed class PgBouncer(PostgresCluster cluster) : IAsyncLifetime
{
    private const string Program = "/usr/sbin/pgbouncer";
    private string directory = "";
    private Process? process;

    public int Port { get; private set; }

    /// <summary>Why PgBouncer is not running, if it is not: it fronts only the run's own cluster, whose loopback logins need no password.</summary>
    public string? NotRunning { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("ConnectionStrings__Crm")))
        {
            NotRunning = "ConnectionStrings__Crm names a server of its own: put PgBouncer in front of it to run these tests there.";
            return;
        }
        var server = new NpgsqlConnectionStringBuilder(cluster.AdminConnectionString);
        if (!File.Exists(Program)) throw new InvalidOperationException($"{Program} is missing: ./crm test installs the pgbouncer package.");
        directory = Path.Combine(Path.GetTempPath(), "crm-pgbouncer-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        Port = LoopbackPort.Free();
        // The test cluster trusts loopback connections, so PgBouncer does too; it only needs the user names.
        await File.WriteAllTextAsync(Path.Combine(directory, "users.txt"), "\"crm_app\" \"\"\n\"crm_owner\" \"\"\n\"postgres\" \"\"\n");
        // No pidfile: PgBouncer runs in the foreground here, and a killed one's pidfile naming a not yet reaped
        // process made the restart of the PgBouncer drill refuse to start ("pidfile exists").
        await File.WriteAllTextAsync(Path.Combine(directory, "pgbouncer.ini"), $"""
            [databases]
            * = host={server.Host} port={server.Port}

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {Port}
            unix_socket_dir =
            auth_type = trust
            auth_file = {directory}/users.txt
            pool_mode = transaction
            default_pool_size = 1
            max_client_conn = 500
            logfile = {directory}/pgbouncer.log
            """);
        if (Environment.UserName == "root") Process.Start("chown", ["-R", "postgres:postgres", directory])!.WaitForExit();
        await StartAsync();
    }

    /// <summary>Starts PgBouncer (again, after <see cref="StopAsync"/>) on its port, and waits until it listens.</summary>
    public async Task StartAsync()
    {
        var ini = Path.Combine(directory, "pgbouncer.ini");
        // PgBouncer will not run as root.
        var start = Environment.UserName == "root"
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", Program, ini])
            : new ProcessStartInfo(Program, [ini]);
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        start.WorkingDirectory = "/";
        process = Process.Start(start)!;
        await WaitUntilListeningAsync();
    }

    /// <summary>Stops PgBouncer as a crash or an operator's kill does: its clients' connections drop, in a transaction or not.</summary>
    public async Task StopAsync()
    {
        if (process is not { HasExited: false }) return;
        // As root the process is runuser, whose child is PgBouncer.
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>A connection string to DATABASE as ROLE through PgBouncer: no statements prepared (PgBouncer 1.18 cannot carry them).</summary>
    public string ConnectionString(string database, string role)
    {
        Assert.SkipWhen(NotRunning is not null, NotRunning ?? "");
        return $"Host=127.0.0.1;Port={Port};Database={database};Username={role};Max Auto Prepare=0;No Reset On Close=true";
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process!.HasExited)
            {
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                var log = File.Exists(Path.Combine(directory, "pgbouncer.log")) ? await File.ReadAllTextAsync(Path.Combine(directory, "pgbouncer.log")) : "";
                throw new InvalidOperationException($"PgBouncer did not start: {await process!.StandardError.ReadToEndAsync()} {log}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (directory.Length > 0) Directory.Delete(directory, recursive: true);
    }
}

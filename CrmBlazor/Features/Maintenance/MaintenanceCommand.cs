using System.Runtime.InteropServices;
using Npgsql;

namespace CrmBlazor.Features.Maintenance;

/// <summary>
/// The <c>maintenance</c> verb, run as the schema owner: runs forever, purging what is due (<c>./crm run</c>
/// starts it beside the app); <c>--once</c> runs what is due now and exits (cron, tests); <c>--once --force</c>
/// runs every purge now (<c>./crm db purge</c>). A failed purge makes the exit code 1.
/// </summary>
public static class MaintenanceCommand
{
    public static async Task RunAsync(IServiceProvider services, string[] options)
    {
        if (options.Except(["--once", "--force"]).FirstOrDefault() is { } unknown)
            throw new ArgumentException($"unknown option '{unknown}'; the options are --once and --once --force");
        if (options.Contains("--force") && !options.Contains("--once"))
            throw new ArgumentException("--force runs every purge now, once: use it with --once");

        var runner = new MaintenanceRunner(services.GetRequiredService<NpgsqlDataSource>(), TimeProvider.System,
            MaintenanceSettings.From(services.GetRequiredService<IConfiguration>()));
        if (options.Contains("--once"))
        {
            var outcomes = await runner.RunDueAsync(options.Contains("--force"), Console.WriteLine, CancellationToken.None);
            if (outcomes.Count == 0) Console.WriteLine("Nothing was due.");
            if (outcomes.Any(o => !o.Succeeded)) Environment.ExitCode = 1;
            return;
        }

        using var stop = new CancellationTokenSource();
        // Ctrl+C, or ./crm run stopping it with the app: the purge under way is cancelled and recorded as failed.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        Console.WriteLine("Maintenance runner started.");
        await runner.RunForeverAsync(Console.WriteLine, stop.Token);

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }
}

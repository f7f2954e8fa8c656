using CrmBlazor.Data;
using CrmBlazor.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Setup;

/// <summary>
/// The verbs `./crm` runs through the app itself, connected as the schema owner:
/// <c>migrate [TARGET | --pending]</c>, <c>seed-demo</c>, <c>db-check [--json]</c> and <c>maintenance [--once [--force]]</c>. Anything else starts the web app
/// (but <c>mail-sink</c>, which needs no database, is run by Program.cs before the app is built).
/// </summary>
public static class SetupCommands
{
    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        Func<IServiceProvider, Task>? command = args.FirstOrDefault() switch
        {
            "migrate" when args.ElementAtOrDefault(1) == "--pending" => ListPendingMigrationsAsync,
            "migrate" => services => MigrateAsync(services, args.ElementAtOrDefault(1)),
            "seed-demo" => services => DemoSeeder.SeedAsync(services, app.Configuration["Demo:Password"]),
            "db-check" => services => CheckAsync(services, args[1..]),
            // Only the import runner, without the web app: for a node that runs imports, and the kill test.
            "import-runner" => RunImportsAsync,
            // The purges, as the schema owner: forever, or --once (--force) and exit.
            "maintenance" => services => Features.Maintenance.MaintenanceCommand.RunAsync(services, args[1..]),
            _ => null,
        };
        if (command is null) return false;

        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            await command(scope.ServiceProvider);
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"{args[0]} failed: {ex.Message}");
            Environment.ExitCode = 1;
        }
        return true;
    }

    /// <summary>Runs import jobs until Ctrl+C (or the process is killed).</summary>
    private static async Task RunImportsAsync(IServiceProvider services)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        var runner = services.GetRequiredService<Features.Import.ImportRunner>();
        await runner.StartAsync(stop.Token);
        Console.WriteLine("Import runner started.");
        try { await Task.Delay(Timeout.Infinite, stop.Token); }
        catch (OperationCanceledException) { await runner.StopAsync(CancellationToken.None); }
    }

    /// <summary>
    /// Migrates to <paramref name="target"/> (a migration name, or 0 for an empty schema), or to the latest, with a lock
    /// timeout on every statement and a few attempts (<see cref="SchemaMigrator"/>, Migrations:* settings).
    /// </summary>
    private static async Task MigrateAsync(IServiceProvider services, string? target)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var applied = await SchemaMigrator.MigrateAsync(
            configuration.GetConnectionString("Crm")!, target, MigrationLocks.From(configuration), Console.Error);
        Console.WriteLine($"Database at {(applied.Count == 0 ? "0 (empty)" : applied[^1])}: {Plural.Of(applied.Count, "migration")} applied.");
    }

    /// <summary>Prints the migrations not yet applied, one name a line: ./crm backs the database up before applying any.</summary>
    private static async Task ListPendingMigrationsAsync(IServiceProvider services)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        foreach (var name in await db.Database.GetPendingMigrationsAsync()) Console.WriteLine(name);
    }

    /// <summary>Prints the integrity report (as JSON with --json); exit code 1 when a check finds a problem.</summary>
    private static async Task CheckAsync(IServiceProvider services, string[] options)
    {
        if (options.Except(["--json"]).FirstOrDefault() is { } unknown)
            throw new ArgumentException($"unknown option '{unknown}'; the only one is --json");

        var dbFactory = services.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync();
        var report = await IntegrityCheck.RunAsync(db);
        Console.Write(options.Contains("--json") ? report.ToJson() : report.ToText());
        if (!report.Ok) Environment.ExitCode = 1;
    }
}

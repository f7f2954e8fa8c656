using System.Diagnostics;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// The app built next to the tests, started as a process of its own (<c>dotnet CrmBlazor.dll …</c>), as <c>./crm</c>
/// starts it: for the verbs (db-check, maintenance), and for nodes a test kills with SIGKILL, which an app hosted in
/// the test process could not survive.
/// </summary>
public static class AppProcess
{
    /// <summary>How to start it with these arguments and settings; its output is redirected for the caller to read.</summary>
    public static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        // DOTNET_HOST_PATH is the dotnet running this test host.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(dotnet, ["CrmBlazor.dll", .. args])
        {
            WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var (key, value) in settings) start.Environment[key] = value;
        return start;
    }

    /// <summary>Runs a verb to its end with the owner's connection, its log on stderr as ./crm's app_command sets it.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunVerbAsync(string connectionString, params string[] args)
    {
        var start = StartInfo(new Dictionary<string, string>
        {
            ["ConnectionStrings__Crm"] = connectionString,
            // Log lines go to stderr, so stdout carries the report alone.
            ["Logging__Console__LogToStandardErrorThreshold"] = "Trace",
        }, args);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }
}

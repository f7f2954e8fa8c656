using System.Collections.Concurrent;
using System.Diagnostics;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// The app as a process of its own (<c>dotnet CrmBlazor.dll --urls …</c> from the test build), as <c>./crm run --nodes</c>
/// runs a node: for the drills that kill one with SIGKILL, which an app hosted in the test process cannot survive.
/// It runs as Development for one reason: only then does ASP.NET Core serve the static web assets (blazor.web.js,
/// MudBlazor's files, wwwroot) from the build's manifest rather than from a published wwwroot the build has not got.
/// What Development would change in the app itself is set as Production has it: HTTPS off as in the tests, the key
/// ring's certificate, and the error pages (the app's own exception handler runs in every environment).
/// </summary>
public sealed class AppNodeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private AppNodeProcess(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";
    public bool HasExited => process.HasExited;

    public static AppNodeProcess Start(string appConnectionString)
    {
        var port = LoopbackPort.Free();
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Crm"] = appConnectionString,
            ["Security__RequireHttps"] = "false",
            ["Security__DataProtection__CertificatePath"] = TestCertificate.Path,
            ["Security__DataProtection__CertificatePassword"] = TestCertificate.Password,
            ["RateLimits__SignInPerIp__Permits"] = "1000000",
            ["RateLimits__SignInPerEmail__Permits"] = "1000000",
            // Nothing is mailed in the drills; a port nobody listens on keeps any attempt local.
            ["Mail__Host"] = "127.0.0.1",
            ["Mail__Port"] = LoopbackPort.Free().ToString(),
            ["Mail__Tls"] = "None",
        };
        var start = AppProcess.StartInfo(settings, "--urls", $"http://127.0.0.1:{port}");
        var node = new AppNodeProcess(Process.Start(start)!, port);
        // Read, so a full pipe never blocks the app; kept for the failure message.
        node.process.OutputDataReceived += (_, e) => node.Keep(e.Data);
        node.process.ErrorDataReceived += (_, e) => node.Keep(e.Data);
        node.process.BeginOutputReadLine();
        node.process.BeginErrorReadLine();
        return node;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        output.Enqueue(line);
        while (output.Count > 200) output.TryDequeue(out _);
    }

    /// <summary>Waits until the node answers /health/ready (migrated, connected), or fails with the end of its output.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan patience)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Until.TrueAsync(async () =>
        {
            if (process.HasExited) Assert.Fail($"Node {Url} exited ({process.ExitCode}): {Output}");
            try
            {
                return (await client.GetAsync($"{Url}/health/ready")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false; // not listening yet
            }
            catch (TaskCanceledException)
            {
                return false; // busy starting
            }
        }, patience, $"node {Url} to be ready", () => Output);
    }

    public string Output => string.Join('\n', output.TakeLast(30));

    /// <summary>SIGKILL: no shutdown code runs, its sockets are closed by the kernel.</summary>
    public async Task KillAsync()
    {
        if (process.HasExited) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
    }
}

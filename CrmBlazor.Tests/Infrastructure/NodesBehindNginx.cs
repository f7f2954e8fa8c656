using System.Diagnostics;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Infrastructure;

/// <summary>
/// A class fixture for the node-kill drill: one database with the demo tenant, two app nodes as processes of their own
/// (<see cref="AppNodeProcess"/>) and nginx in front of them, configured from scripts/nginx-nodes.conf.template as
/// <c>./crm run --nodes 2</c> configures it (sticky cookie, WebSocket upgrade, passive failover).
/// </summary>
public sealed class NodesBehindNginx(PostgresCluster cluster, Chromium chromium) : IAsyncLifetime
{
    private const string Nginx = "/usr/sbin/nginx";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private string directory = "";

    public CrmDatabase Database { get; } = new(cluster);
    public AppNodeProcess NodeA { get; private set; } = default!;
    public AppNodeProcess NodeB { get; private set; } = default!;

    /// <summary>nginx's address: where the browsers go.</summary>
    public string Url { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Nginx)) throw new InvalidOperationException($"{Nginx} is missing: ./crm run --nodes installs the nginx package.");
        await Database.InitializeAsync();
        await using (var seeder = new CrmAppFactory(Database.AppConnectionString))
        {
            await seeder.SeedDemoAsync();
            // The key ring's first key, made before the nodes start: two nodes starting on an empty ring would each make one.
            seeder.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("drill").Protect("first key");
        }
        NodeA = AppNodeProcess.Start(Database.AppConnectionString);
        NodeB = AppNodeProcess.Start(Database.AppConnectionString);
        await Task.WhenAll(NodeA.WaitUntilReadyAsync(Patience), NodeB.WaitUntilReadyAsync(Patience));
        await WarmUpAsync(NodeA);
        await WarmUpAsync(NodeB);
        await StartNginxAsync();
    }

    /// <summary>
    /// A sign-in and a board on the node itself, so the drill's users do not meet a cold process (its first sign-in
    /// and first board compile their code as they go: seconds on two busy cores, past a browser step's patience).
    /// </summary>
    private async Task WarmUpAsync(AppNodeProcess node)
    {
        var (context, page) = await chromium.NewPageAsync(node.Url);
        await using var _ = context;
        // A cold process is what is slow here: it gets a minute, where the drill's own steps get their usual patience.
        context.SetDefaultTimeout(60_000);
        await page.SignInAsync(DemoTenant.Owner, CrmAppFactory.DemoPassword);
        await page.GotoAsync("/pipeline");
        await page.Locator("[data-circuit=connected] [data-testid=deal-card]").First.WaitForAsync();
    }

    private async Task StartNginxAsync()
    {
        directory = Path.Combine(Path.GetTempPath(), "crm-nginx-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(directory, "tmp"));
        // nginx's workers run as an unprivileged user.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(directory, "tmp"), (UnixFileMode)0b111_111_111);
        var listen = $"127.0.0.1:{LoopbackPort.Free()}";
        var servers = string.Join('\n', new[] { NodeA, NodeB }.Select(n => $"    server 127.0.0.1:{n.Port} max_fails=1 fail_timeout=5s;"));
        var template = await File.ReadAllTextAsync(Path.Combine(Repository.Root(), "scripts", "nginx-nodes.conf.template"));
        var conf = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(conf, template.Replace("@DIR@", directory).Replace("@LISTEN@", listen).Replace("@SERVERS@", servers));
        // nginx puts itself in the background once it listens: its exit says whether it started.
        using var start = Process.Start(new ProcessStartInfo(Nginx, ["-e", Path.Combine(directory, "error.log"), "-c", conf])
            { RedirectStandardError = true, RedirectStandardOutput = true })!;
        await start.WaitForExitAsync();
        if (start.ExitCode != 0) throw new InvalidOperationException($"nginx did not start: {await start.StandardError.ReadToEndAsync()}");
        Url = $"http://{listen}";
    }

    /// <summary>A value of the crm_node cookie that nginx routes to <paramref name="node"/> (asked of nginx: X-Crm-Node names the node that answered).</summary>
    public async Task<string> CookieRoutedToAsync(AppNodeProcess node)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false });
        for (var i = 0; i < 100; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{Url}/health/live");
            request.Headers.Add("Cookie", $"crm_node=drill-{i}");
            using var answer = await client.SendAsync(request);
            if (answer.Headers.TryGetValues("X-Crm-Node", out var served) && served.Single() == $"127.0.0.1:{node.Port}") return $"drill-{i}";
        }
        throw new InvalidOperationException($"No crm_node value of 100 was routed to {node.Url}.");
    }

    public async ValueTask DisposeAsync()
    {
        var pidFile = Path.Combine(directory, "nginx.pid");
        if (directory.Length > 0 && File.Exists(pidFile))
        {
            var master = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim());
            using var stop = Process.Start(new ProcessStartInfo(Nginx, ["-e", Path.Combine(directory, "error.log"), "-c", Path.Combine(directory, "nginx.conf"), "-s", "stop"]))!;
            await stop.WaitForExitAsync();
            // -s stop only signals: the master is gone once its workers are.
            var deadline = Stopwatch.StartNew();
            while (Directory.Exists($"/proc/{master}") && deadline.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(50);
        }
        if (NodeA is not null) await NodeA.DisposeAsync();
        if (NodeB is not null) await NodeB.DisposeAsync();
        await Database.DisposeAsync();
        if (directory.Length > 0) Directory.Delete(directory, recursive: true);
    }
}

using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace CrmBlazor.Bench;

/// <summary>
/// ./crm bench load: real Chromium circuits against the app nodes ./crm started behind nginx. First the memory
/// each idle circuit costs per page (managed heap after a full collection, and process memory, over the circuits
/// added), then <c>--circuits</c> reps each running <see cref="RepDay"/> for <c>--minutes</c>: round trips per
/// interaction, errors, interactions per second and server CPU per interaction. The run with more nodes reports
/// its throughput against the one-node run's (saved in <c>--results</c>), measured the same way on the same machine.
/// </summary>
public static class LoadBench
{
    // The shell is the layout around every page (app bar, navigation, MudBlazor's providers) with a page of two lines:
    // what any page costs before its own content.
    private static readonly (string Key, string Name, Func<LoadData.Rep, string> Path)[] IdlePages =
    [
        ("shell", "shell only (/not-found)", _ => "/not-found"),
        ("contacts", "contact list", _ => "/contacts"), ("board", "board", _ => "/pipeline"),
        ("contact", "contact", r => $"/contacts/{r.ContactId}"), ("dashboard", "dashboard", _ => "/"),
    ];

    public static async Task<int> RunAsync(BenchDatabase db, string[] args)
    {
        var options = LoadOptions.Parse(args);
        var reps = await LoadData.CreateAsync(db.Owner, options.Circuits);
        using var nodes = new NodeMemory(options.Ports);
        using var playwright = await Playwright.CreateAsync();
        Assertions.SetDefaultExpectTimeout(30_000);
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CRM_CHROMIUM") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update"],
        });
        var signedIn = await SignInAllAsync(browser, options, reps);

        foreach (var (_, name, path) in IdlePages.Where(p => options.Pages.Contains(p.Key)))
            Console.WriteLine(await IdleMemoryAsync(browser, options, nodes, signedIn, name, path));

        var results = new Interactions();
        var before = await nodes.WhenHoldingAsync(0);
        var machineBefore = MachineCpu.Read();
        var clock = Stopwatch.StartNew();
        // Every rep has its whole day: the last arrives after the others' first minutes, and all leave together.
        var end = DateTime.UtcNow.AddSeconds((signedIn.Count - 1) * options.Arrive).AddMinutes(options.Minutes);
        var days = signedIn.Select(async (rep, i) =>
        {
            // Staggered, as reps arrive over a morning rather than at one instant.
            await Task.Delay(TimeSpan.FromSeconds(i * options.Arrive));
            await using var context = await browser.NewContextAsync(new() { BaseURL = options.Url, StorageState = rep.State, ViewportSize = new() { Width = 1600, Height = 1000 } });
            context.SetDefaultTimeout(30_000);
            var page = await context.NewPageAsync();
            page.Response += (_, response) => { if (response.Status >= 500) results.Error($"{response.Status} on {response.Url}"); };
            await new RepDay(page, rep.Rep, results, TimeSpan.FromSeconds(options.Think), seed: i).RunUntilAsync(end);
            await LeaveAsync(page);
        });
        await Task.WhenAll(days);
        var seconds = clock.Elapsed.TotalSeconds;
        var machine = MachineCpu.Read().BusySince(machineBefore);
        var after = await nodes.TakeAsync();
        var cpu = after.Zip(before, (a, b) => a.CpuMilliseconds - b.CpuMilliseconds).Sum();
        var rate = results.Count / seconds;

        Console.WriteLine($"load {options.Label}: {options.Circuits} circuits for {options.Minutes:0.#} min, arriving {options.Arrive:0.##} s apart, think {options.Think:0.#} s: {results.Count:N0} interactions, {rate:F1}/s, " +
            $"p50={results.OverallPercentile(50):F0}ms p95={results.OverallPercentile(95):F0}ms, errors={results.Errors.Count}, " +
            $"server CPU {cpu / Math.Max(1, results.Count):F1} ms/interaction, machine CPU {machine:P0} busy ({Environment.ProcessorCount} cores)");
        foreach (var (interaction, count, p50, p95) in results.Summary())
            Console.WriteLine($"  {interaction}: n={count} p50={p50:F0}ms p95={p95:F0}ms");
        foreach (var error in results.Errors.GroupBy(e => e).OrderByDescending(g => g.Count()).Take(5))
            Console.WriteLine($"  error x{error.Count()}: {error.Key}");
        await CompareWithSavedAsync(options, rate);
        return results.Errors.Count == 0 ? 0 : 1;
    }

    private sealed record SignedInRep(LoadData.Rep Rep, string State);

    private static async Task<IReadOnlyList<SignedInRep>> SignInAllAsync(IBrowser browser, LoadOptions options, IReadOnlyList<LoadData.Rep> reps)
    {
        var password = Environment.GetEnvironmentVariable("Demo__Password") ?? throw new InvalidOperationException("Demo__Password is not set: run through ./crm bench load.");
        var gate = new SemaphoreSlim(4);
        return await Task.WhenAll(reps.Select(async rep =>
        {
            await gate.WaitAsync();
            try
            {
                await using var context = await browser.NewContextAsync(new() { BaseURL = options.Url });
                var page = await context.NewPageAsync();
                await page.GotoAsync("/Account/Login");
                await page.GetByLabel("Email").FillAsync(rep.Email);
                await page.GetByLabel("Password").FillAsync(password);
                await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
                // Signing in is setup, not measured: a node just started compiles its first pages as 20 reps sign in at
                // once, and a first run once took longer than Playwright's 30 s default for the dashboard to load.
                await page.WaitForURLAsync(url => !url.Contains("/Account/Login"), new() { Timeout = 120_000 });
                var state = await context.StorageStateAsync();
                await LeaveAsync(page);
                return new SignedInRep(rep, state);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static async Task<string> IdleMemoryAsync(
        IBrowser browser, LoadOptions options, NodeMemory nodes, IReadOnlyList<SignedInRep> reps, string name, Func<LoadData.Rep, string> path)
    {
        var empty = await nodes.WhenHoldingAsync(0);
        var contexts = new List<IBrowserContext>();
        foreach (var rep in reps.Take(options.Idle))
        {
            var context = await browser.NewContextAsync(new() { BaseURL = options.Url, StorageState = rep.State });
            var page = await context.NewPageAsync();
            await page.GotoAsync(path(rep.Rep));
            await page.Locator("[data-circuit=connected]").WaitForAsync(new() { Timeout = 60_000 });
            contexts.Add(context);
        }
        var held = await nodes.WhenHoldingAsync(contexts.Count);
        if (options.Hold > 0)
        {
            Console.WriteLine($"holding {contexts.Count} {name} circuits for {options.Hold:0} s (node pids: pgrep -f CrmBlazor.dll)");
            await Task.Delay(TimeSpan.FromSeconds(options.Hold));
        }
        foreach (var context in contexts)
        {
            await LeaveAsync(context.Pages[0]);
            await context.CloseAsync();
        }
        var heap = (held.Sum(s => s.ManagedHeapBytes) - empty.Sum(s => s.ManagedHeapBytes)) / (double)contexts.Count;
        var process = (held.Sum(s => s.WorkingSetBytes) - empty.Sum(s => s.WorkingSetBytes)) / (double)contexts.Count;
        return $"memory per idle circuit, {name} ({options.Label}, {contexts.Count} circuits): managed heap {heap / 1024:F0} KB, " +
            $"process working set {process / 1024:F0} KB (heap {empty.Sum(s => s.ManagedHeapBytes) / 1048576.0:F1} → {held.Sum(s => s.ManagedHeapBytes) / 1048576.0:F1} MB)";
    }

    /// <summary>
    /// Closes the page as a browser tab closes, so Blazor tells the server the circuit is gone: a page dropped
    /// without unloading leaves its circuit held as disconnected for minutes, in case its user comes back.
    /// </summary>
    private static Task LeaveAsync(IPage page) => page.CloseAsync(new() { RunBeforeUnload = true });

    private sealed record SavedRun(string Label, double InteractionsPerSecond);

    private static async Task CompareWithSavedAsync(LoadOptions options, double rate)
    {
        if (options.Results is null) return;
        if (options.Ports.Count > 1 && File.Exists(options.Results))
        {
            var single = JsonSerializer.Deserialize<SavedRun>(await File.ReadAllTextAsync(options.Results))!;
            Console.WriteLine($"scaling: {options.Label} {rate:F1}/s ÷ {single.Label} {single.InteractionsPerSecond:F1}/s = {rate / single.InteractionsPerSecond:F2}");
        }
        if (options.Ports.Count == 1) await File.WriteAllTextAsync(options.Results, JsonSerializer.Serialize(new SavedRun(options.Label, rate)));
    }
}

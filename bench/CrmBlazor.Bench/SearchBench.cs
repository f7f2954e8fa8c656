using CrmBlazor.Data;
using CrmBlazor.Features.Contacts;
using CrmBlazor.Features.Dashboard;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CrmBlazor.Bench;

/// <summary>
/// ./crm bench search: the contacts search at a million contacts (two tenants of them), per kind of
/// query, the app's own ContactService as the runtime role against the hand-written SearchBaseline,
/// timed alternately. Each figure also says how often the query's source contact was on the app's first
/// 10 rows (recall@10) and whether the first pages of both sides were the same; any difference fails the
/// run. Then the dashboard's contact count against the tally row it reads.
/// </summary>
public static class SearchBench
{
    private const double P95TargetMs = 50;
    private static readonly Dictionary<string, double> RecallTargets = new() { ["prefix"] = 0.98, ["typo1"] = 0.98, ["typo2"] = 0.95, ["accent"] = 0.98 };
    private const int CountRounds = 200;

    /// <param name="kinds">The kinds of query to measure (all when empty); the queries are made for all, so a kind's are the same either way.</param>
    public static async Task<int> RunAsync(BenchDatabase db, IReadOnlyCollection<string> kinds)
    {
        var tenantA = await SearchData.EnsureTenantAsync(db.Owner, "search-a", "Search A", seed: 1);
        await SearchData.EnsureTenantAsync(db.Owner, "search-b", "Search B", seed: 2);
        var rules = await SearchRules.LoadAsync(db, tenantA);
        var queries = SearchQueries.Generate(rules, seed: 12);
        var known = queries.Select(q => q.Kind).Distinct().ToList();
        if (kinds.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            Console.Error.WriteLine($"No query kind '{unknown}'; the kinds are: {string.Join(", ", known)}.");
            return 2;
        }
        if (kinds.Count > 0) queries = queries.Where(q => kinds.Contains(q.Kind)).ToList();

        var tenant = new TenantSnapshot(tenantA, null, "Member");
        var factory = db.AppContexts(tenant);
        var contacts = new ContactService(factory, new PermissionGuard(tenant, factory), TimeProvider.System);
        var differences = new List<string>();
        var missed = new List<string>();

        foreach (var kind in queries.GroupBy(q => q.Kind))
        {
            // Warm both paths (plans, caches) before measuring.
            foreach (var query in kind.Take(3))
            {
                await contacts.SearchAsync(new ContactQuery { Search = query.Text });
                await SearchBaseline.FirstPageAsync(db, tenantA, query.Text);
            }

            var (app, baseline) = (new Timing($"search {kind.Key}"), new Timing("sql"));
            var (equal, onFirstTen, pinnedOnFirstTen, falseHits) = (0, 0, 0, 0);
            foreach (var (query, round) in kind.Select((q, i) => (q, i)))
            {
                IReadOnlyList<ContactRow> rows = [];
                List<Guid> expected = [];
                await Timing.MeasureBothAsync(round,
                    app, async () => rows = (await contacts.SearchAsync(new ContactQuery { Search = query.Text })).Rows,
                    baseline, async () => expected = await SearchBaseline.FirstPageAsync(db, tenantA, query.Text));
                var ids = rows.Select(r => r.Id).ToList();
                if (ids.SequenceEqual(expected)) equal++;
                else differences.Add(Difference(query, rows, expected));
                var found = ids.Take(10).Contains(query.Source);
                onFirstTen += found ? 1 : 0;
                pinnedOnFirstTen += found && query.Pinned ? 1 : 0;
                falseHits += query.Kind == SearchQueries.Nothing && ids.Count > 0 ? 1 : 0;
            }

            var n = kind.Count();
            var pinned = kind.Count(q => q.Pinned);
            // The target is on every query of the kind; "pinned" ones are those the rules alone put on the first page.
            var recall = (double)onFirstTen / n;
            var quality = kind.Key == SearchQueries.Nothing
                ? $"false hits={falseHits}"
                : $"recall@10={recall:F3} (pinned {pinned}: {(pinned == 0 ? 1 : (double)pinnedOnFirstTen / pinned):F3})";
            var target = RecallTargets.TryGetValue(kind.Key, out var least) ? $"target p95<{P95TargetMs}ms recall≥{least}" : $"target p95<{P95TargetMs}ms";
            Console.WriteLine(app.Report(baseline, $"{quality} | first pages equal {equal}/{n} | {target}"));

            if (app.Percentile(95) >= P95TargetMs) missed.Add($"{kind.Key} p95 {app.Percentile(95):F1}ms");
            if (recall < least) missed.Add($"{kind.Key} recall@10 {recall:F3}");
            if (falseHits > 0) missed.Add($"{kind.Key} {falseHits} false hits");
        }
        Console.WriteLine(missed.Count == 0 ? "search targets: all met" : $"search targets missed: {string.Join("; ", missed)}");

        var countsDiffer = await DashboardCountAsync(db, factory, tenantA);

        if (differences.Count == 0 && !countsDiffer) return 0;
        if (differences.Count > 0)
        {
            Console.WriteLine($"The app's first page differed from the baseline's for {differences.Count} queries; the first few:");
            foreach (var difference in differences.Take(5)) Console.WriteLine($"  {difference}");
        }
        return 1;
    }

    private static string Difference(SearchQuery query, IReadOnlyList<ContactRow> rows, List<Guid> expected)
    {
        var at = rows.Select(r => r.Id).Zip(expected).TakeWhile(pair => pair.First == pair.Second).Count();
        var app = at < rows.Count ? $"{rows[at].Id} ({rows[at].DisplayName})" : "nothing";
        var sql = at < expected.Count ? expected[at].ToString() : "nothing";
        return $"{query.Kind} \"{query.Text}\": {rows.Count} rows vs {expected.Count}; from row {at + 1} the app has {app}, the baseline {sql}";
    }

    /// <summary>
    /// The dashboard's contact figure for the whole team, as the service computes it (its other figures
    /// are apart from this), against the tally row read by hand; both must say the same.
    /// </summary>
    private static async Task<bool> DashboardCountAsync(BenchDatabase db, IDbContextFactory<CrmDbContext> factory, Guid tenant)
    {
        var (app, baseline) = (new Timing("dashboard contact count"), new Timing("sql"));
        var (shown, tallied) = (0, 0L);
        for (var round = 0; round < CountRounds; round++)
            await Timing.MeasureBothAsync(round,
                app, async () =>
                {
                    await using var context = await factory.CreateDbContextAsync();
                    return shown = await DashboardService.ContactCountAsync(context, owner: null, CancellationToken.None);
                },
                baseline, async () =>
                {
                    await using var connection = await db.OpenAppAsync(tenant);
                    await using var command = new NpgsqlCommand("select live_contacts from contact_tallies where tenant_id = @t", connection);
                    command.Parameters.AddWithValue("t", tenant);
                    return tallied = (long)(await command.ExecuteScalarAsync())!;
                });
        Console.WriteLine(app.Report(baseline, $"{shown:N0} contacts, tally {tallied:N0}"));
        if (shown == tallied) return false;
        Console.WriteLine($"The dashboard shows {shown:N0} contacts; the tally says {tallied:N0}.");
        return true;
    }
}

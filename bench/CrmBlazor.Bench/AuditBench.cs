using CrmBlazor.Features.Audit;
using CrmBlazor.Features.Board;
using CrmBlazor.Features.Trash;
using CrmBlazor.Tenancy;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CrmBlazor.Bench;

/// <summary>
/// ./crm bench audit: the trust center's reads at 10,000,000 audit rows (AuditData, two tenants), each through the
/// app's own service as the runtime role against hand-written SQL, timed alternately, 200 rounds per figure with a
/// user, record or name picked at random (fixed seed) in tenant A (6 million rows). Both sides must return the same
/// ids on every round, or the run fails. Target: every app p95 under 50 ms.
/// </summary>
public static class AuditBench
{
    private const double P95TargetMs = 50;
    private const int Rounds = 200;

    /// <param name="arguments">"--small": a hundredth of the data, to check the harness quickly (its figures mean nothing).</param>
    public static async Task<int> RunAsync(BenchDatabase db, IReadOnlyCollection<string> arguments)
    {
        var tenants = await AuditData.EnsureAsync(db.Owner, small: arguments.Contains("--small"));
        var tenant = tenants[0];
        var snapshot = new TenantSnapshot(tenant.Id, tenant.OwnerId, "Owner");
        var factory = db.AppContexts(snapshot);
        var guard = new PermissionGuard(snapshot, factory);
        var log = new AuditLogService(factory, guard);
        var history = new RecordHistoryService(factory);
        var trash = new TrashService(factory, guard, snapshot,
            new PipelineChangeFeed(NullLogger<PipelineChangeFeed>.Instance), TimeProvider.System);
        Console.WriteLine($"audit data: {string.Join(", ", tenants.Select(t => $"{t.AuditRows:N0} rows"))} in {tenants.Count} tenants; measured in the first");

        var random = new Random(14);
        var failures = new List<string>();
        var dealNumbers = Enumerable.Range(0, Rounds).Select(_ => 1 + random.Next(AuditData.DealsPerTenant)).ToArray();
        int DealNumber(int round) => dealNumbers[round];
        string DealName(int round) => $"Deal {dealNumbers[round] % AuditData.DealsPerTenant}";
        var figures = new (string Name, Func<int, Task<IReadOnlyList<long>>> App, Func<int, Task<IReadOnlyList<long>>> Sql)[]
        {
            ("audit log first page",
                _ => Ids(log.PageAsync(new AuditQuery())),
                _ => AuditSql.PageAsync(db, tenant.Id, user: null, table: null, name: null)),
            ("audit log by user",
                round => Ids(log.PageAsync(new AuditQuery(UserId: UserOf(tenant, round)))),
                round => AuditSql.PageAsync(db, tenant.Id, UserOf(tenant, round), table: null, name: null)),
            ("audit log by user and record type",
                round => Ids(log.PageAsync(new AuditQuery(UserId: UserOf(tenant, round), Table: "deals"))),
                round => AuditSql.PageAsync(db, tenant.Id, UserOf(tenant, round), "deals", name: null)),
            ("audit log by record name",
                round => Ids(log.PageAsync(new AuditQuery(Name: DealName(round)))),
                round => AuditSql.PageAsync(db, tenant.Id, user: null, table: null, DealName(round))),
            ("record history",
                round => HistoryIds(history.PageAsync("deals", AuditData.DealId(tenant.Id, DealNumber(round)))),
                round => AuditSql.HistoryAsync(db, tenant.Id, AuditData.DealId(tenant.Id, DealNumber(round)))),
            ("trash list",
                _ => TrashIds(trash.ListAsync(new TrashQuery())),
                _ => AuditSql.TrashAsync(db, tenant.Id)),
        };

        foreach (var (name, app, sql) in figures)
        {
            // Warm both paths (plans, caches, the JIT) before measuring.
            for (var round = 0; round < 3; round++) { await app(round); await sql(round); }
            var (appTiming, sqlTiming) = (new Timing(name), new Timing("sql"));
            var differing = 0;
            for (var round = 0; round < Rounds; round++)
            {
                IReadOnlyList<long> appIds = [], sqlIds = [];
                await Timing.MeasureBothAsync(round, appTiming, async () => appIds = await app(round), sqlTiming, async () => sqlIds = await sql(round));
                if (!appIds.SequenceEqual(sqlIds)) differing++;
            }
            var met = appTiming.Percentile(95) < P95TargetMs;
            Console.WriteLine(appTiming.Report(sqlTiming, $"same answer {Rounds - differing}/{Rounds} | p95<{P95TargetMs:F0}ms: {(met ? "met" : "MISSED")}"));
            if (differing > 0) failures.Add($"{name}: {differing} rounds answered differently");
        }
        foreach (var failure in failures) Console.Error.WriteLine($"audit bench: {failure}");
        return failures.Count == 0 ? 0 : 1;
    }

    private static Guid UserOf(AuditData.Tenant tenant, int round) => tenant.UserIds[round % tenant.UserIds.Count];

    private static async Task<IReadOnlyList<long>> Ids(Task<AuditPage> page) => (await page).Items.Select(e => e.Id).ToList();

    private static async Task<IReadOnlyList<long>> HistoryIds(Task<HistoryPage> page) => (await page).Entries.Select(e => e.AuditId).ToList();

    /// <summary>A trash row's id as a number for comparing: its first eight bytes (the kind and name come with it in both).</summary>
    private static async Task<IReadOnlyList<long>> TrashIds(Task<TrashListResult> page) =>
        (await page).Items.Select(i => BitConverter.ToInt64(i.Id.ToByteArray(), 0)).ToList();
}

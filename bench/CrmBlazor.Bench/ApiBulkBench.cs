using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrmBlazor.Features.Api;
using static CrmBlazor.Bench.BenchSql;

namespace CrmBlazor.Bench;

/// <summary>
/// Bulk create: POST /api/v1/contacts/bulk with 1,000 new contacts a call, all or nothing, against one
/// multi-row INSERT of the same kind of rows through Npgsql (same table, same triggers) in one transaction,
/// alternately. Records per second on each side and the ratio; both must create every row they were sent.
/// The rows of both sides are removed again afterwards, so every run starts from the same tenant.
/// </summary>
public static class ApiBulkBench
{
    public const double RatioTarget = 2.0;
    private const int Rounds = 10;
    private const int PerCall = ApiBulk.MaxRecords;

    public static async Task RunAsync(HttpClient api, BenchDatabase db, Guid tenant, Guid user, List<string> failures, List<string> missed)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var url = $"{ApiRoutes.Prefix}/contacts/bulk";
        using (var probe = await api.PostAsJsonAsync(url, new { records = Array.Empty<object>() }))
            if (probe.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
            {
                Console.WriteLine($"api bulk create: NOT MEASURED, {url} answers {(int)probe.StatusCode} (the bulk endpoint is not in this build)");
                missed.Add("bulk create not measured");
                return;
            }

        var (app, baseline) = (new Timing("api bulk create 1,000 contacts"), new Timing("sql"));
        var (appRecords, sqlRecords) = (0, 0);
        try
        {
            for (var round = -1; round < Rounds; round++)   // round -1 warms both sides up, untimed
            {
                var sent = People(run, "api", round);
                var inserted = People(run, "sql", round);
                List<string> created = [];
                List<Guid> ids = [];
                if (round < 0)
                {
                    await CreateAsync(api, url, sent);
                    await ApiBaseline.InsertAsync(db, tenant, user, inserted);
                    continue;
                }
                await Timing.MeasureBothAsync(round, app, async () => created = await CreateAsync(api, url, sent),
                    baseline, async () => ids = await ApiBaseline.InsertAsync(db, tenant, user, inserted));
                if (!created.SequenceEqual(sent.Select(p => p.Email), StringComparer.OrdinalIgnoreCase))
                    failures.Add($"api bulk create round {round}: {created.Count} contacts came back for {sent.Count} sent, or not in order");
                if (ids.Count != inserted.Count) failures.Add($"sql bulk insert round {round}: {ids.Count} rows for {inserted.Count}");
                (appRecords, sqlRecords) = (appRecords + created.Count, sqlRecords + ids.Count);
            }
            var (stored, expected) = (await CountAsync(db, tenant, run), 2 * (Rounds + 1) * PerCall);
            if (stored != expected) failures.Add($"bulk create: {stored} contacts of this run are stored, {expected} were created");
        }
        finally
        {
            await RemoveAsync(db, tenant, run);
        }

        var ratio = app.Percentile(50) / baseline.Percentile(50);
        var met = ratio <= RatioTarget;
        Console.WriteLine(app.Report(baseline,
            $"records/s app={PerCall / app.Percentile(50) * 1000:N0} sql={PerCall / baseline.Percentile(50) * 1000:N0} | p50 ratio={ratio:F2} | " +
            $"created app={appRecords:N0} sql={sqlRecords:N0} | target within {RatioTarget}× of sql: {(met ? "met" : "MISSED")}"));
        if (!met) missed.Add($"bulk create {ratio:F2}× sql");
    }

    /// <summary>The emails of the contacts the call created, in the order it returned them.</summary>
    private static async Task<List<string>> CreateAsync(HttpClient api, string url, IReadOnlyList<BulkPerson> people)
    {
        using var response = await api.PostAsJsonAsync(url, new
        {
            records = people.Select(p => new { firstName = p.FirstName, lastName = p.LastName, email = p.Email, phone = p.Phone, jobTitle = p.JobTitle }),
        });
        ApiBench.Demand(response, url);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. body.RootElement.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("email").GetString()!)];
    }

    /// <summary>A thousand people for one call: names from the contacts bench's lists, emails unique to this run, side and round.</summary>
    private static List<BulkPerson> People(string run, string side, int round)
    {
        var random = new Random(2 * (round + 1) + (side == "api" ? 0 : 1));
        return [.. Enumerable.Range(0, PerCall).Select(i => new BulkPerson(
            ContactsData.FirstNames[random.Next(ContactsData.FirstNames.Length)],
            ContactsData.Surnames[random.Next(ContactsData.Surnames.Length)],
            $"bulk-{run}-{side}-{round + 1}-{i}@bulk.example",
            $"+1 555 {random.Next(10_000_000):D7}",
            "Buyer"))];
    }

    private static async Task<long> CountAsync(BenchDatabase db, Guid tenant, string run)
    {
        await using var connection = await db.OpenAppAsync(tenant);
        return (long)(await ScalarAsync(connection, "select count(*) from contacts where email like @p and deleted_at is null", ("p", $"bulk-{run}-%")))!;
    }

    /// <summary>Removes what the run created, as the owner acting for the tenant (their audit rows stay: they happened).</summary>
    private static async Task RemoveAsync(BenchDatabase db, Guid tenant, string run)
    {
        await using var connection = await db.Owner.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ActAsTenantAsync(connection, tenant);
        await ExecuteAsync(connection, "delete from contacts where tenant_id = @t and email like @p", ("t", tenant), ("p", $"bulk-{run}-%"));
        await transaction.CommitAsync();
    }
}

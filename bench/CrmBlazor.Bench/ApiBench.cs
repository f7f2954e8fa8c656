using System.Net;
using System.Text.Json;
using CrmBlazor.Features.Api;
using CrmBlazor.Tenancy;
using Npgsql;
using static CrmBlazor.Bench.BenchSql;

namespace CrmBlazor.Bench;

/// <summary>
/// ./crm bench api: the REST API over real HTTP (the app on Kestrel in this process, a key of the tenant's
/// Owner) at a million contacts, each read against the same read by hand-written SQL (ApiBaseline,
/// SearchBaseline) timed alternately in the same run, every answer compared; then 1,000-record bulk
/// creates against one multi-row INSERT of the same rows (ApiBulkBench). Exits 1 when any answer differs.
/// </summary>
public static class ApiBench
{
    public const double P95TargetMs = 30;
    private const int Rounds = 200;
    private const int PageSize = 50;
    private const int SearchQueriesPerKind = 30;

    public static async Task<int> RunAsync(BenchDatabase db, string appConnection, IReadOnlyCollection<string> args)
    {
        var small = args.Contains("--small");
        var (slug, contacts) = small ? ("bench-api-small", 10_000) : ("bench-a", ContactsData.ContactsPerTenant);
        var tenant = await ContactsData.EnsureTenantAsync(db.Owner, slug, small ? "Bench API (small)" : "Bench A", contacts);
        var owner = await OwnerOfAsync(db, tenant);
        await using var host = await ApiHost.StartAsync(appConnection);
        using var api = await host.ClientWithKeyAsync(new TenantSnapshot(tenant, owner, "Owner"), ["contacts:write"]);
        Console.WriteLine($"API at {host.BaseUrl} | tenant {slug} with {contacts:N0} contacts{(small ? " (--small: checks the harness; its figures mean nothing)" : "")}");

        var sample = await SampleAsync(db, tenant, Rounds);
        var failures = new List<string>();
        var missed = new List<string>();
        var random = new Random(16);

        await MeasureAsync("api list first page", Rounds, _ => ("", null, null), api, db, tenant, failures, missed);
        await MeasureAsync("api list deep page by cursor", Rounds, round =>
        {
            var row = sample.Rows[random.Next(sample.Rows.Count)];
            return ($"&cursor={ApiCursor.AfterRow(row.At, row.Id)}", row, null);
        }, api, db, tenant, failures, missed);
        await MeasureAsync("api list filtered by company", Rounds, round =>
        {
            var company = sample.Companies[round % sample.Companies.Count];
            return ($"&companyId={company}", null, new ApiBaseline.Filter(CompanyId: company));
        }, api, db, tenant, failures, missed);
        await MeasureAsync("api list filtered by tag", Rounds, round =>
        {
            var tag = sample.Tags[round % sample.Tags.Count];
            return ($"&tagId={tag}", null, new ApiBaseline.Filter(TagId: tag));
        }, api, db, tenant, failures, missed);
        foreach (var (kind, queries) in ApiSearchQueries.Make(sample.Names, SearchQueriesPerKind, seed: 16))
            await MeasureSearchAsync($"api list q {kind}", queries, api, db, tenant, failures, missed);
        await MeasureGetAsync(sample.Rows, api, db, tenant, failures, missed);

        await ApiBulkBench.RunAsync(api, db, tenant, owner, failures, missed);

        Console.WriteLine(missed.Count == 0 ? "api targets: all met" : $"api targets missed: {string.Join("; ", missed)}");
        if (failures.Count == 0) return 0;
        Console.WriteLine($"The API's answer differed from the hand-written SQL's {failures.Count} times; the first few:");
        foreach (var failure in failures.Take(5)) Console.WriteLine($"  {failure}");
        return 1;
    }

    /// <summary>A list figure: each round's query string (after limit), and the same read for the baseline.</summary>
    private static async Task MeasureAsync(
        string name, int rounds, Func<int, (string Query, (DateTimeOffset At, Guid Id)? After, ApiBaseline.Filter? Filter)> make,
        HttpClient api, BenchDatabase db, Guid tenant, List<string> failures, List<string> missed)
    {
        var (app, baseline) = (new Timing(name), new Timing("sql"));
        var equal = 0;
        for (var round = -3; round < rounds; round++)   // three warm-up rounds, not timed
        {
            var (query, after, filter) = make(Math.Max(round, 0));
            var url = $"{ApiRoutes.Prefix}/contacts?limit={PageSize}{query}";
            (List<Guid> Ids, bool More) served = ([], false), expected = ([], false);
            if (round < 0)
            {
                await ListAsync(api, url);
                await ApiBaseline.PageAsync(db, tenant, PageSize, after, filter);
                continue;
            }
            await Timing.MeasureBothAsync(round, app, async () => served = await ListAsync(api, url),
                baseline, async () => expected = await ApiBaseline.PageAsync(db, tenant, PageSize, after, filter));
            if (served.Ids.SequenceEqual(expected.Ids) && served.More == expected.More) equal++;
            else failures.Add($"{name} {url}: the API listed {served.Ids.Count} (more: {served.More}), SQL {expected.Ids.Count} (more: {expected.More})");
        }
        Report(name, app, baseline, $"pages equal {equal}/{rounds}", missed);
    }

    private static async Task MeasureSearchAsync(
        string name, IReadOnlyList<string> queries, HttpClient api, BenchDatabase db, Guid tenant, List<string> failures, List<string> missed)
    {
        var (app, baseline) = (new Timing(name), new Timing("sql"));
        var equal = 0;
        foreach (var query in queries.Take(2))
        {
            await ListAsync(api, SearchUrl(query));
            await SearchBaseline.FirstPageAsync(db, tenant, query);
        }
        for (var round = 0; round < queries.Count; round++)
        {
            var url = SearchUrl(queries[round]);
            (List<Guid> Ids, bool More) served = ([], false);
            List<Guid> expected = [];
            await Timing.MeasureBothAsync(round, app, async () => served = await ListAsync(api, url),
                baseline, async () => expected = await SearchBaseline.FirstPageAsync(db, tenant, queries[round]));
            if (served.Ids.SequenceEqual(expected)) equal++;
            else failures.Add($"{name} \"{queries[round]}\": the API's first page has {served.Ids.Count} contacts, SQL's {expected.Count}; they differ");
        }
        Report(name, app, baseline, $"first pages equal {equal}/{queries.Count} (sql: SearchBaseline's dictionary scan, slower by design)", missed);
    }

    private static async Task MeasureGetAsync(
        IReadOnlyList<(DateTimeOffset At, Guid Id)> rows, HttpClient api, BenchDatabase db, Guid tenant, List<string> failures, List<string> missed)
    {
        var (app, baseline) = (new Timing("api get by id"), new Timing("sql"));
        var equal = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var id = rows[(round * 7919) % rows.Count].Id;
            (Guid Id, uint Version)? served = null, expected = null;
            await Timing.MeasureBothAsync(round, app, async () => served = await GetAsync(api, id),
                baseline, async () => expected = await ApiBaseline.GetAsync(db, tenant, id));
            if (served is not null && served == expected) equal++;
            else failures.Add($"api get {id}: the API answered {served?.ToString() ?? "nothing"}, SQL {expected?.ToString() ?? "nothing"}");
        }
        Report("api get by id", app, baseline, $"records equal {equal}/{Rounds}", missed);
    }

    public static void Report(string name, Timing app, Timing baseline, string checks, List<string> missed)
    {
        var met = app.Percentile(95) < P95TargetMs;
        Console.WriteLine(app.Report(baseline, $"{checks} | target p95<{P95TargetMs}ms: {(met ? "met" : "MISSED")}"));
        if (!met) missed.Add($"{name} p95 {app.Percentile(95):F1}ms");
    }

    private static string SearchUrl(string query) =>
        $"{ApiRoutes.Prefix}/contacts?limit={SearchBaseline.PageSize}&q={Uri.EscapeDataString(query)}";

    /// <summary>A list call as a client makes it: the whole body read and parsed; the ids, and whether a next page exists.</summary>
    private static async Task<(List<Guid> Ids, bool More)> ListAsync(HttpClient api, string url)
    {
        using var response = await api.GetAsync(url);
        using var body = JsonDocument.Parse(await Demand(response, url).Content.ReadAsStringAsync());
        var ids = body.RootElement.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToList();
        return (ids, body.RootElement.GetProperty("nextCursor").ValueKind == JsonValueKind.String);
    }

    private static async Task<(Guid Id, uint Version)?> GetAsync(HttpClient api, Guid id)
    {
        var url = $"{ApiRoutes.Prefix}/contacts/{id}";
        using var response = await api.GetAsync(url);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        using var body = JsonDocument.Parse(await Demand(response, url).Content.ReadAsStringAsync());
        return (body.RootElement.GetProperty("id").GetGuid(), body.RootElement.GetProperty("version").GetUInt32());
    }

    /// <summary>The response, when it is a success; a refusal (a rate limit, say) stops the bench with its problem body.</summary>
    public static HttpResponseMessage Demand(HttpResponseMessage response, string url)
    {
        if (response.IsSuccessStatusCode) return response;
        throw new InvalidOperationException(
            $"{url} answered {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
    }

    private static async Task<Guid> OwnerOfAsync(BenchDatabase db, Guid tenant)
    {
        await using var connection = await db.Owner.OpenConnectionAsync();
        return (Guid)(await ScalarAsync(connection, """
            select u.id from users u join user_roles ur on ur.user_id = u.id join roles r on r.id = ur.role_id
            where u.tenant_id = @t and r.normalized_name = 'OWNER' and u.is_active and u.deleted_at is null order by u.created_at limit 1
            """, ("t", tenant)))!;
    }

    private sealed record Sample(List<(DateTimeOffset At, Guid Id)> Rows, List<Guid> Companies, List<Guid> Tags, List<(string First, string Last)> Names);

    /// <summary>Rows spread over the whole list (deep cursors, ids to get), companies, tags and names, picked with a fixed seed.</summary>
    private static async Task<Sample> SampleAsync(BenchDatabase db, Guid tenant, int count)
    {
        await using var connection = await db.OpenAppAsync(tenant);
        var rows = new List<(DateTimeOffset, Guid)>();
        var names = new List<(string, string)>();
        await using (var command = new NpgsqlCommand("""
            select created_at, id, first_name, last_name from contacts
            where tenant_id = @t and deleted_at is null and abs(hashtext(id::text)) % 1000 < greatest(1, 1000 * @n / greatest(1, (select live_contacts from contact_tallies where tenant_id = @t)))
            order by created_at, id
            """, connection))
        {
            command.Parameters.AddWithValue("t", tenant);
            command.Parameters.AddWithValue("n", (long)count * 4);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetFieldValue<DateTimeOffset>(0), reader.GetGuid(1)));
                names.Add((reader.GetString(2), reader.GetString(3)));
            }
        }
        var companies = await IdsAsync(connection, "select id from companies where tenant_id = @t order by md5(id::text) limit 50", tenant);
        var tags = await IdsAsync(connection, "select id from tags where tenant_id = @t order by name", tenant);
        return new(rows, companies, tags, names);
    }

    private static async Task<List<Guid>> IdsAsync(NpgsqlConnection connection, string sql, Guid tenant)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("t", tenant);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        return ids;
    }
}

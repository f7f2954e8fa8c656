using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using CrmBlazor.Data;
using CrmBlazor.Features.Account;
using CrmBlazor.Features.Mail;
using CrmBlazor.Features.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using static CrmBlazor.Bench.BenchSql;

namespace CrmBlazor.Bench;

/// <summary>
/// Webhook throughput: a backlog of contact.created events (written by the outbox trigger of one
/// INSERT … SELECT) drained by the app's dispatcher to a receiver in this process, against the same
/// payloads POSTed by a plain HttpClient loop at the same concurrency (its own HMAC, not the app's).
/// Every event must arrive exactly once from the dispatcher, else the run fails. Target: ≥ 500 events/s.
/// </summary>
public static class WebhookBench
{
    private const int Events = 10_000;
    private const string Slug = "bench-webhooks";

    public static async Task<int> RunAsync(BenchDatabase db, string appConnection, string[] args)
    {
        var events = args.Length > 0 && int.TryParse(args[0], out var n) ? n : Events;
        var tenant = await PrepareTenantAsync(db.Owner);
        await using var receiver = await Receiver.StartAsync();
        await using var host = BuildHost(appConnection);
        var concurrency = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value.Concurrency;

        var secret = WebhookSecrets.New();
        await using (var connection = await db.Owner.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await ActAsTenantAsync(connection, tenant);
            await ExecuteAsync(connection, "insert into webhook_endpoints (tenant_id, url, events, secret_protected) values (@t, @u, '{contact.created}', @s)",
                ("t", tenant), ("u", receiver.Url), ("s", host.Services.GetRequiredService<WebhookSecrets>().Protect(secret)));
            await transaction.CommitAsync();
        }
        var written = Stopwatch.StartNew();
        await using (var connection = await db.OpenAppAsync(tenant))
            await ExecuteAsync(connection, """
                insert into contacts (first_name, last_name, email)
                select 'Hook', 'Person ' || i, 'hook' || i || '.' || gen_random_uuid() || '@bench.example' from generate_series(1, @n) i
                """, ("n", events));
        written.Stop();

        // The app's dispatcher, draining the backlog.
        var dispatcher = ActivatorUtilities.CreateInstance<WebhookDispatcher>(host.Services);
        var watch = Stopwatch.StartNew();
        await ((IHostedService)dispatcher).StartAsync(CancellationToken.None);
        await receiver.WaitForAsync(events, TimeSpan.FromMinutes(10));
        // Done when every delivery is recorded as delivered, not only sent.
        var until = DateTime.UtcNow.AddMinutes(2);
        while (await UndeliveredAsync(db.Owner, tenant) > 0 && DateTime.UtcNow < until) await Task.Delay(20);
        watch.Stop();
        await ((IHostedService)dispatcher).StopAsync(CancellationToken.None);
        var (missing, doubled) = receiver.Check(await EventIdsAsync(db.Owner, tenant));
        var undelivered = await UndeliveredAsync(db.Owner, tenant);

        // The baseline: the same bodies, signed by hand, POSTed by a plain loop at the same concurrency.
        var payloads = await PayloadsAsync(db.Owner, tenant);
        receiver.Reset();
        var baseline = await PlainLoopAsync(receiver.Url, secret, payloads, concurrency);
        await receiver.WaitForAsync(payloads.Count, TimeSpan.FromMinutes(10));

        var rate = events / watch.Elapsed.TotalSeconds;
        var baseRate = payloads.Count / baseline.TotalSeconds;
        Console.WriteLine($"webhooks: dispatcher {rate:N0} events/s ({events:N0} events, concurrency {concurrency}, {watch.Elapsed.TotalSeconds:0.0} s); "
            + $"plain HttpClient loop {baseRate:N0} events/s; ratio {rate / baseRate:0.00}; outbox writes {written.Elapsed.TotalSeconds:0.0} s; "
            + $"missing {missing}, doubled {doubled}, undelivered {undelivered}; target ≥ 500 events/s");
        await CleanAsync(db.Owner, tenant);
        return missing == 0 && doubled == 0 && undelivered == 0 ? 0 : 1;
    }

    private static WebApplication BuildHost(string appConnection)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration["ConnectionStrings:Crm"] = appConnection;
        builder.Configuration["Webhooks:RunDispatcher"] = "false";
        builder.Configuration["Webhooks:AllowPrivateAddresses"] = "true";
        builder.Configuration["Import:RunJobs"] = "false";
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddCrmData();
        builder.AddCrmIdentity();
        builder.AddCrmFeatures();
        builder.AddCrmMail();
        return builder.Build();
    }

    /// <summary>A small tenant of its own, emptied of earlier runs' endpoints, events and contacts.</summary>
    private static async Task<Guid> PrepareTenantAsync(NpgsqlDataSource owner)
    {
        await using var connection = await owner.OpenConnectionAsync();
        var tenant = await ScalarAsync(connection, "select id from tenants where slug = @s", ("s", Slug)) as Guid? ?? Guid.NewGuid();
        await using var transaction = await connection.BeginTransactionAsync();
        await ActAsTenantAsync(connection, tenant);
        await ExecuteAsync(connection, "insert into tenants (id, name, slug) values (@t, 'Bench webhooks', @s) on conflict (id) do nothing", ("t", tenant), ("s", Slug));
        await EnsureOwnerAndPipelineAsync(connection, tenant, Slug);
        await transaction.CommitAsync();
        await CleanAsync(owner, tenant);
        return tenant;
    }

    private static async Task CleanAsync(NpgsqlDataSource owner, Guid tenant)
    {
        await using var connection = await owner.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ActAsTenantAsync(connection, tenant);
        await ExecuteAsync(connection, "delete from webhook_endpoints where tenant_id = @t", ("t", tenant));
        await ExecuteAsync(connection, "delete from outbox where tenant_id = @t", ("t", tenant));
        await ExecuteAsync(connection, "alter table contacts disable trigger user");
        await ExecuteAsync(connection, "delete from contacts where tenant_id = @t", ("t", tenant));
        await ExecuteAsync(connection, "alter table contacts enable trigger user");
        await ExecuteAsync(connection, "select crm_recount_contacts(@t)", ("t", tenant));
        await ExecuteAsync(connection, "delete from search_documents where tenant_id = @t", ("t", tenant));
        await ExecuteAsync(connection, "delete from audit_logs where tenant_id = @t and table_name = 'contacts'", ("t", tenant));
        await transaction.CommitAsync();
    }

    private static async Task<HashSet<string>> EventIdsAsync(NpgsqlDataSource owner, Guid tenant)
    {
        await using var connection = await owner.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("select id::text from outbox where tenant_id = @t", connection);
        command.Parameters.AddWithValue("t", tenant);
        var ids = new HashSet<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return ids;
    }

    private static async Task<long> UndeliveredAsync(NpgsqlDataSource owner, Guid tenant)
    {
        await using var connection = await owner.OpenConnectionAsync();
        return (long)(await ScalarAsync(connection, "select count(*) from webhook_deliveries where tenant_id = @t and status <> 'delivered'", ("t", tenant)))!;
    }

    private static async Task<List<(string Id, string Body)>> PayloadsAsync(NpgsqlDataSource owner, Guid tenant)
    {
        await using var connection = await owner.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("select id::text, payload::text from outbox where tenant_id = @t", connection);
        command.Parameters.AddWithValue("t", tenant);
        var payloads = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) payloads.Add((reader.GetString(0), reader.GetString(1)));
        return payloads;
    }

    private static async Task<TimeSpan> PlainLoopAsync(string url, string secret, List<(string Id, string Body)> payloads, int concurrency)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });
        var key = Encoding.UTF8.GetBytes(secret);
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(payloads, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (payload, ct) =>
        {
            var body = Encoding.UTF8.GetBytes(payload.Body);
            var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add("Crm-Event-Id", payload.Id);
            request.Headers.Add("Crm-Event-Type", "contact.created");
            request.Headers.Add("Crm-Timestamp", t);
            request.Headers.Add("Crm-Signature", $"t={t},v1={Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(t + ".").Concat(body).ToArray()))}");
            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
        });
        return watch.Elapsed;
    }

    /// <summary>Counts each event id it receives; answers 200.</summary>
    private sealed class Receiver(WebApplication host) : IAsyncDisposable
    {
        private readonly WebApplication app = host;
        private ConcurrentDictionary<string, int> received = new();
        private readonly SemaphoreSlim arrivals = new(0);

        public string Url { get; private set; } = "";

        public static async Task<Receiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var receiver = new Receiver(builder.Build());
            receiver.app.MapPost("/hook", (HttpContext context) =>
            {
                receiver.received.AddOrUpdate(context.Request.Headers["Crm-Event-Id"].ToString(), 1, (_, count) => count + 1);
                receiver.arrivals.Release();
                return Results.Ok();
            });
            await receiver.app.StartAsync();
            receiver.Url = receiver.app.Urls.First() + "/hook";
            return receiver;
        }

        public void Reset() => received = new();

        public async Task WaitForAsync(int distinct, TimeSpan patience)
        {
            var until = DateTime.UtcNow + patience;
            while (received.Count < distinct && DateTime.UtcNow < until)
                await arrivals.WaitAsync(TimeSpan.FromSeconds(1));
        }

        public (int Missing, int Doubled) Check(HashSet<string> expected) =>
            (expected.Count(id => !received.ContainsKey(id)), received.Count(r => r.Value > 1) + received.Keys.Count(id => !expected.Contains(id)));

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}

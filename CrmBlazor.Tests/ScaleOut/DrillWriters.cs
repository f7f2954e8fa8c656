using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.ScaleOut;

/// <summary>One POST a writer sent: its key, when it began and ended (ms since the load began), and its answer (null: none came).</summary>
public sealed record DrillWrite(string Key, long StartedMs, long EndedMs, HttpStatusCode? Status)
{
    public bool Committed => Status == HttpStatusCode.Created;
}

/// <summary>
/// A load of writers through the app's own API (POST /api/v1/activities, an API key's request as an integration
/// sends it): each logs calls whose subject is a key of its own, never sent twice, and records every answer.
/// A 201 is a write the writer saw committed. Any other answer, or none (the connection dropped), leaves the
/// outcome unknown: the key is the idempotency key the writer looks up afterwards, as a client would before
/// sending the call again. The rows in the table must then be exactly the committed keys plus those of the
/// unknown ones that are there, each once.
/// </summary>
public sealed class DrillWriters(HttpClient client, int writers) : IAsyncDisposable
{
    private readonly string run = "drill-" + Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentQueue<DrillWrite> writes = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource stop = new();
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(100);
    private Task[] loops = [];

    public IReadOnlyCollection<DrillWrite> Writes => writes;

    /// <summary>Milliseconds since the load began, on the clock the writes are stamped with.</summary>
    public long NowMs => clock.ElapsedMilliseconds;

    public void Start() => loops = [.. Enumerable.Range(0, writers).Select(w => Task.Run(() => WriteAsync(w)))];

    private async Task WriteAsync(int writer)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var key = $"{run}-{writer}-{i}";
            var started = NowMs;
            HttpStatusCode? status = null;
            try
            {
                // Not cancelled by the stop: a write in flight then finishes and is counted, whatever its answer.
                using var answer = await client.PostAsJsonAsync("/api/v1/activities",
                    new { type = "call", subject = key, happenedAt = "2026-12-01T10:00:00Z" });
                status = answer.StatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // No answer (the connection dropped, or the client's timeout): the outcome is unknown, and the key tells afterwards.
            }
            writes.Enqueue(new DrillWrite(key, started, NowMs, status));
            // As a client pauses after a refusal before its next request: writers that spun on 503s as fast as the
            // app answers would only take the cores from everything else running on the machine.
            if (status != HttpStatusCode.Created) await Task.Delay(RetryPause);
        }
    }

    /// <summary>Waits until every writer has had <paramref name="count"/> writes committed that it began after <paramref name="sinceMs"/>.</summary>
    public Task UntilEachCommittedAsync(int count, long sinceMs, TimeSpan patience) =>
        Until.TrueAsync(
            () => Enumerable.Range(0, writers).All(w => writes.Count(x => x.Committed && x.StartedMs > sinceMs && x.Key.StartsWith($"{run}-{w}-")) >= count),
            patience, $"{count} committed writes of each writer since {sinceMs} ms",
            () => "Answers since: " + string.Join(", ", writes.Where(x => x.StartedMs > sinceMs).GroupBy(x => x.Status?.ToString() ?? "none").Select(g => $"{g.Key} ×{g.Count()}")));

    /// <summary>Waits until some write begun after <paramref name="sinceMs"/> has been answered with <paramref name="status"/>.</summary>
    public Task UntilAnsweredAsync(HttpStatusCode status, long sinceMs, TimeSpan patience) =>
        Until.TrueAsync(() => writes.Any(x => x.StartedMs > sinceMs && x.Status == status), patience, $"a write answered {status}");

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(loops);
    }

    /// <summary>
    /// Asserts that the table holds exactly the committed writes and the unknown ones it has, each once: the count
    /// of rows, the count of distinct keys, and a checksum (md5 of the sorted keys) computed in PostgreSQL over the
    /// rows and here over what the writers saw. <paramref name="superuser"/> reads past row-level security.
    /// </summary>
    public async Task AssertTableMatchesAsync(string superuser)
    {
        await using var connection = new NpgsqlConnection(superuser);
        await connection.OpenAsync();
        var stored = new List<string>();
        await using (var rows = new NpgsqlCommand("select subject from activities where subject like @run order by subject", connection))
        {
            rows.Parameters.AddWithValue("run", run + "-%");
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync()) stored.Add(reader.GetString(0));
        }
        await using var sum = new NpgsqlCommand(
            "select count(*), count(distinct subject), coalesce(md5(string_agg(subject, ',' order by subject collate \"C\")), '') from activities where subject like @run",
            connection);
        sum.Parameters.AddWithValue("run", run + "-%");
        await using var summary = await sum.ExecuteReaderAsync();
        await summary.ReadAsync();
        var (rowCount, distinctKeys, tableChecksum) = (summary.GetInt64(0), summary.GetInt64(1), summary.GetString(2));

        var committed = writes.Where(w => w.Committed).Select(w => w.Key).ToHashSet();
        var unknown = writes.Where(w => !w.Committed).Select(w => w.Key).ToHashSet();
        var storedKeys = stored.ToHashSet();
        // The writer's look-up of each unknown outcome by its key.
        var expected = committed.Concat(unknown.Where(storedKeys.Contains)).Order(StringComparer.Ordinal).ToList();

        Assert.True(committed.Count > 0, "No write was committed.");
        Assert.Empty(committed.Except(storedKeys));
        Assert.Equal(rowCount, distinctKeys);
        Assert.Equal(expected.Count, rowCount);
        Assert.Equal(Md5(expected), tableChecksum);
    }

    private static string Md5(IReadOnlyList<string> keys) =>
        keys.Count == 0 ? "" : Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(string.Join(',', keys))));

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested) await StopAsync();
        stop.Dispose();
    }
}

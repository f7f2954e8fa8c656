using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CrmBlazor.Tests.Webhooks;

/// <summary>One POST the receiver got, with the headers a receiver checks.</summary>
public sealed record ReceivedRequest(string EventId, string EventType, string Timestamp, string Signature, byte[] Body, DateTimeOffset At)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// A small Kestrel app on 127.0.0.1 that records every webhook request and answers as told
/// (<see cref="Answer"/>: a status code, or null to hang until the sender gives up). It counts requests
/// for one event that overlapped in time (<see cref="Overlaps"/>): two dispatchers sending it at once.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedRequest> requests = new();
    private readonly ConcurrentDictionary<string, int> inFlight = new();
    private readonly CancellationTokenSource stopping = new();
    private TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int overlaps;

    private WebhookReceiver(WebApplication app) => this.app = app;

    /// <summary>What to answer the request (null: never answer); 200 unless told.</summary>
    public Func<ReceivedRequest, int?> Answer { get; set; } = _ => 200;

    public int Port { get; private set; }
    public string Url => $"http://127.0.0.1:{Port}/hook";
    public IReadOnlyList<ReceivedRequest> Requests => requests.ToArray();
    public int Overlaps => overlaps;

    /// <summary>Starts on <paramref name="port"/> (0: a free one).</summary>
    public static async Task<WebhookReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var receiver = new WebhookReceiver(builder.Build());
        receiver.app.MapPost("/hook", receiver.HandleAsync);
        await receiver.app.StartAsync();
        receiver.Port = new Uri(receiver.app.Urls.First()).Port;
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers;
        var request = new ReceivedRequest(headers["Crm-Event-Id"].ToString(), headers["Crm-Event-Type"].ToString(),
            headers["Crm-Timestamp"].ToString(), headers["Crm-Signature"].ToString(), body.ToArray(), DateTimeOffset.UtcNow);
        if (inFlight.AddOrUpdate(request.EventId, 1, (_, n) => n + 1) > 1) Interlocked.Increment(ref overlaps);
        try
        {
            var answer = Answer(request);
            // Recorded before answering, so a sender that sees the answer finds the request recorded.
            requests.Enqueue(request);
            Interlocked.Exchange(ref arrived, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            if (answer is null)
            {
                try { await Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token).Token); }
                catch (OperationCanceledException) { }
                return;
            }
            // A moment's work, so requests for one event sent at once would overlap here.
            await Task.Yield();
            context.Response.StatusCode = answer.Value;
        }
        finally
        {
            inFlight.AddOrUpdate(request.EventId, 0, (_, n) => n - 1);
        }
    }

    /// <summary>The requests once <paramref name="done"/> holds for them; fails after <paramref name="timeout"/> (30 s).</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(Func<IReadOnlyList<ReceivedRequest>, bool> done, TimeSpan? timeout = null)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var next = Volatile.Read(ref arrived).Task;
            var seen = Requests;
            if (done(seen)) return seen;
            try
            {
                await next.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The receiver got {seen.Count} requests ({string.Join(", ", seen.Select(r => r.EventType))}), not what the test waited for.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }
}

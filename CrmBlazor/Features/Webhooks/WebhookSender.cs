using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Features.Webhooks;

/// <summary>What one attempt came to: the receiver's status code (none when it never answered), how long it took, and why it failed.</summary>
public sealed record DeliveryOutcome(int? StatusCode, int DurationMs, string? Error)
{
    public bool Delivered => Error is null;
}

/// <summary>
/// POSTs one event, signed, to one endpoint: a 2xx answer delivers it; anything else, a redirect
/// included (it is not followed), no answer within the timeout, or a refused address is a failure
/// with a sentence for the delivery log. One client for the process (its connections are reused).
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly HttpClient http;
    private readonly TimeProvider clock;
    private readonly TimeSpan timeout;

    public WebhookSender(IOptions<WebhookOptions> options, IHostEnvironment environment, TimeProvider clock)
    {
        this.clock = clock;
        timeout = options.Value.Timeout;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false, UseCookies = false, ConnectTimeout = timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2), MaxConnectionsPerServer = options.Value.Concurrency,
        };
        if (!PrivateAddressesAllowed(options.Value, environment)) handler.ConnectCallback = WebhookAddresses.ConnectAsync;
        http = new HttpClient(handler) { Timeout = timeout };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("CrmBlazor-Webhooks", "1"));
    }

    public static bool PrivateAddressesAllowed(WebhookOptions options, IHostEnvironment environment) =>
        options.AllowPrivateAddresses ?? environment.IsDevelopment();

    public async Task<DeliveryOutcome> SendAsync(string url, string secret, Guid eventId, string eventType, string payload, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetBytes(payload);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("Crm-Event-Id", eventId.ToString());
        request.Headers.Add("Crm-Event-Type", eventType);
        request.Headers.Add("Crm-Timestamp", timestamp.ToString());
        request.Headers.Add("Crm-Signature", WebhookSignature.Header(secret, timestamp, body));

        var started = Stopwatch.GetTimestamp();
        int Elapsed() => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var code = (int)response.StatusCode;
            return new(code, Elapsed(), response.IsSuccessStatusCode ? null : $"The receiver answered {code} {response.ReasonPhrase}.");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(null, Elapsed(), $"No answer within {timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException ex)
        {
            var refused = ex.InnerException as WebhookAddressRefusedException;
            return new(null, Elapsed(), refused?.Message ?? $"Could not connect: {ex.Message}");
        }
    }

    public void Dispose() => http.Dispose();
}

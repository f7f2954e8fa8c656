using CrmBlazor.Data;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using System.Threading.Channels;

namespace CrmBlazor.Features.Webhooks;

/// <summary>A delivery a dispatcher claimed (with its claim token), with what it needs to send it.</summary>
public sealed record ClaimedDelivery(
    Guid TenantId, Guid EndpointId, Guid EventId, Guid Claim, int Attempts, DateTimeOffset QueuedAt,
    string Url, string SecretProtected, string Type, string Payload);

/// <summary>
/// The background worker every app node runs (unless Webhooks:RunDispatcher is false). It keeps up to
/// Concurrency deliveries in flight: it asks crm_webhook_due_tenants which tenants have deliveries due,
/// claims them as each tenant (FOR UPDATE SKIP LOCKED, then a lease, so no other dispatcher on any node
/// attempts one at the same time), sends them and records each outcome while its claim still holds. It
/// wakes at once on NOTIFY crm_webhooks (sent by the outbox triggers at commit, by Send test event and
/// Redeliver), and otherwise every PollInterval for retries that have come due.
/// </summary>
public sealed class WebhookDispatcher(
    ListenDataSource listenSource, TenantScopes scopes, WebhookSender sender, WebhookSecrets secrets, WebhookOutcomes outcomes,
    IOptions<WebhookOptions> options, ILogger<WebhookDispatcher> log) : BackgroundService
{
    public const string NotifyChannel = "crm_webhooks";

    private readonly WebhookOptions settings = options.Value;
    // Between attempts to LISTEN again it polls anyway, so it need not try more often than it polls.
    private readonly PostgresListener listener = new(listenSource, NotifyChannel, options.Value.PollInterval, log);
    private readonly Channel<ClaimedDelivery> claimed = Channel.CreateUnbounded<ClaimedDelivery>();
    private readonly Channel<(ClaimedDelivery, DeliveryOutcome)> delivered = Channel.CreateUnbounded<(ClaimedDelivery, DeliveryOutcome)>(new() { SingleReader = true });
    private TaskCompletionSource woken = NewSignal();
    private TaskCompletionSource drained = NewSignal();
    private int waiting;

    /// <summary>
    /// Concurrency senders take claimed deliveries from a queue that this loop keeps filled up to two rounds
    /// ahead, claiming at least a round at a time (one claim per freed sender would cost a query per event),
    /// so the senders never wait for a claim. The lease covers the wait in the queue (see <see cref="WebhookOptions.Lease"/>).
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Woken by every notification, and on (re)connecting for what was notified meanwhile.
        var listening = listener.RunAsync(_ => Wake(), Wake, stoppingToken);
        var recording = RecordDeliveredAsync();
        var senders = Enumerable.Range(0, settings.Concurrency).Select(_ => SendAsync(stoppingToken)).ToList();
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = Volatile.Read(ref woken).Task;
            var roomMade = Volatile.Read(ref drained).Task;
            try
            {
                var room = 2 * settings.Concurrency - Volatile.Read(ref waiting);
                if (room < settings.Concurrency)
                {
                    await roomMade.WaitAsync(stoppingToken);
                    continue;
                }
                var batch = await ClaimAsync(room, stoppingToken);
                Interlocked.Add(ref waiting, batch.Count);
                foreach (var delivery in batch) claimed.Writer.TryWrite(delivery);
                if (batch.Count == room) continue;
                await Task.WhenAny(wake, Task.Delay(settings.PollInterval, stoppingToken));
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogError(ex, "The webhook dispatcher could not claim deliveries");
                await Task.WhenAny(Task.Delay(settings.PollInterval, stoppingToken));
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        // What is still queued is left to its lease: the next dispatcher to find it due sends it.
        claimed.Writer.Complete();
        await Task.WhenAll(senders.Append(listening)).ContinueWith(_ => { }, CancellationToken.None);
        delivered.Writer.Complete();
        await recording;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void Pulse(ref TaskCompletionSource signal) => Interlocked.Exchange(ref signal, NewSignal()).TrySetResult();

    private void Wake() => Pulse(ref woken);

    /// <summary>One sender: takes the next claimed delivery and sends it, until the dispatcher stops.</summary>
    private async Task SendAsync(CancellationToken stoppingToken)
    {
        await foreach (var delivery in claimed.Reader.ReadAllAsync(CancellationToken.None))
        {
            if (Interlocked.Decrement(ref waiting) == settings.Concurrency - 1) Pulse(ref drained);
            if (!stoppingToken.IsCancellationRequested) await DeliverAsync(delivery, stoppingToken);
        }
    }

    /// <summary>Writes the deliveries that succeeded, in batches of whatever has come in meanwhile, until the dispatcher stops.</summary>
    private async Task RecordDeliveredAsync()
    {
        var batch = new List<(ClaimedDelivery, DeliveryOutcome)>();
        while (await delivered.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < 1000 && delivered.Reader.TryRead(out var item)) batch.Add(item);
            try
            {
                await outcomes.RecordDeliveredAsync(batch, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // Their leases end and they are sent again: at least once.
                log.LogError(ex, "{Count} webhook deliveries could not be recorded as delivered", batch.Count);
            }
            batch.Clear();
        }
    }

    /// <summary>Up to <paramref name="wanted"/> due deliveries of any tenants, claimed for this dispatcher.</summary>
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(int wanted, CancellationToken ct)
    {
        var claimed = new List<ClaimedDelivery>();
        if (wanted <= 0) return claimed;
        List<Guid> tenants;
        await using (var scope = scopes.Begin(TenantSnapshot.Nobody))
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync(ct))
            tenants = await db.Database.SqlQuery<Guid>($"SELECT tenant_id AS \"Value\" FROM crm_webhook_due_tenants({wanted})").ToListAsync(ct);

        foreach (var tenant in tenants)
        {
            claimed.AddRange(await ClaimForTenantAsync(tenant, wanted - claimed.Count, ct));
            if (claimed.Count >= wanted) break;
        }
        return claimed;
    }

    private async Task<IEnumerable<ClaimedDelivery>> ClaimForTenantAsync(Guid tenant, int wanted, CancellationToken ct)
    {
        var claim = Guid.NewGuid();
        await using var scope = scopes.Begin(new TenantSnapshot(tenant, null, null));
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync(ct);
        var rows = await db.Database.SqlQuery<ClaimedRow>($"""
            WITH due AS (
                SELECT d.endpoint_id, d.event_id FROM webhook_deliveries d
                JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id AND e.enabled
                WHERE d.tenant_id = {tenant} AND d.status = 'pending' AND d.next_attempt_at <= now()
                ORDER BY d.next_attempt_at LIMIT {wanted}
                FOR UPDATE OF d SKIP LOCKED
            ), claimed AS (
                UPDATE webhook_deliveries d
                SET claim = {claim}, next_attempt_at = now() + {settings.Lease}, attempts = d.attempts + 1, last_attempt_at = now()
                FROM due WHERE d.tenant_id = {tenant} AND d.endpoint_id = due.endpoint_id AND d.event_id = due.event_id
                RETURNING d.endpoint_id, d.event_id, d.attempts, d.queued_at
            )
            SELECT c.endpoint_id, c.event_id, c.attempts, c.queued_at, e.url, e.secret_protected, o.type, o.payload::text AS payload
            FROM claimed c
            JOIN webhook_endpoints e ON e.tenant_id = {tenant} AND e.id = c.endpoint_id
            JOIN outbox o ON o.tenant_id = {tenant} AND o.id = c.event_id
            """).ToListAsync(ct);
        return rows.Select(r => new ClaimedDelivery(tenant, r.EndpointId, r.EventId, claim, r.Attempts, r.QueuedAt, r.Url, r.SecretProtected, r.Type, r.Payload));
    }

    // SqlQuery maps columns by the snake_case naming convention.
    private sealed record ClaimedRow(
        Guid EndpointId, Guid EventId, int Attempts, DateTimeOffset QueuedAt, string Url, string SecretProtected, string Type, string Payload);

    /// <summary>Sends one claimed delivery and records what came of it.</summary>
    public async Task DeliverAsync(ClaimedDelivery delivery, CancellationToken ct)
    {
        try
        {
            DeliveryOutcome outcome;
            try
            {
                outcome = await sender.SendAsync(delivery.Url, secrets.Unprotect(delivery.SecretProtected), delivery.EventId, delivery.Type, delivery.Payload, ct);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                outcome = new(null, 0, "The endpoint's secret could not be read with this server's keys; rotate the secret.");
            }
            if (outcome.Delivered) delivered.Writer.TryWrite((delivery, outcome));
            else await outcomes.RecordFailureAsync(delivery, outcome, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Its lease ends and it is attempted again.
            log.LogError(ex, "Webhook delivery {EventId} to endpoint {EndpointId} could not be recorded", delivery.EventId, delivery.EndpointId);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the lease ends and another dispatcher (or this one, restarted) attempts it again.
        }
    }
}

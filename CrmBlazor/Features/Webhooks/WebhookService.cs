using System.Text.Json;
using CrmBlazor.Data;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Features.Webhooks;

/// <summary>
/// Admin → Webhooks: a tenant's endpoints, their secrets and their delivery logs, for Owners and Admins
/// only. Each method uses its own DbContext; every query names the tenant and row-level security
/// applies too; the endpoints' audit trigger records each change (never the secret).
/// </summary>
public sealed class WebhookService(
    IDbContextFactory<CrmDbContext> dbFactory, PermissionGuard guard, ITenantContext tenant, WebhookSecrets secrets,
    IOptions<WebhookOptions> options, IHostEnvironment environment)
{
    public const string Gone = "This endpoint no longer exists.";
    public const string ChangedMeanwhile = "Someone else changed this endpoint a moment ago; it has been reloaded. Try again.";
    public const string TurnedOff = "Turn the endpoint on first: a turned-off endpoint gets no deliveries.";
    public const string BeingDelivered = "This event is being delivered right now; wait for the attempt to end.";
    public const int LogLength = 50;

    private Guid TenantId => tenant.TenantId ?? throw new PermissionDeniedException("You are not signed in.");

    public async Task<IReadOnlyList<WebhookEndpointRow>> ListAsync(CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "webhooks.list", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Database.SqlQuery<WebhookEndpointRow>($"""
            SELECT e.id, e.url, e.events, e.enabled, e.disabled_at, e.disabled_reason, e.secret_rotated_at, e.created_at, e.xmin::text::bigint AS version,
                   (SELECT count(*) FROM webhook_deliveries d WHERE d.tenant_id = e.tenant_id AND d.endpoint_id = e.id AND d.status = 'pending') AS pending,
                   (SELECT count(*) FROM webhook_deliveries d WHERE d.tenant_id = e.tenant_id AND d.endpoint_id = e.id AND d.status = 'dead') AS dead
            FROM webhook_endpoints e WHERE e.tenant_id = {TenantId} ORDER BY e.created_at, e.id
            """).ToListAsync(ct);
    }

    /// <summary>A new endpoint, on; its secret is in the answer, once.</summary>
    public async Task<WebhookSecretResult> CreateAsync(WebhookForm form, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "webhooks.create", ct);
        var (url, events, invalid) = await ValidateAsync(form, ct);
        if (invalid is not null) return new(invalid, null);

        var secret = WebhookSecrets.New();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var id = (await db.Database.SqlQuery<Guid>($"""
            INSERT INTO webhook_endpoints (tenant_id, url, events, secret_protected)
            VALUES ({TenantId}, {url}, {events}, {secrets.Protect(secret)}) RETURNING id AS "Value"
            """).ToListAsync(ct)).Single();
        return new(SaveResult.Saved(id), secret);
    }

    /// <summary>Changes the address and events, if the endpoint still has the Version the form was loaded with.</summary>
    public async Task<SaveResult> UpdateAsync(Guid id, WebhookForm form, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "webhooks.update", ct);
        var version = form.Version ?? throw new ArgumentException("An edit must carry the Version it was loaded with.", nameof(form));
        var (url, events, invalid) = await ValidateAsync(form, ct);
        if (invalid is not null) return invalid;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var updated = await db.Database.ExecuteSqlAsync($"""
            UPDATE webhook_endpoints SET url = {url}, events = {events}
            WHERE tenant_id = {TenantId} AND id = {id} AND xmin::text = {version.ToString()}
            """, ct);
        return updated == 1 ? SaveResult.Saved(id) : await MissedAsync(db, id, ct);
    }

    /// <summary>A new secret for the endpoint, in the answer once; the old one stops signing at once.</summary>
    public async Task<WebhookSecretResult> RotateSecretAsync(Guid id, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "webhooks.rotate_secret", ct);
        var secret = WebhookSecrets.New();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var updated = await db.Database.ExecuteSqlAsync($"""
            UPDATE webhook_endpoints SET secret_protected = {secrets.Protect(secret)}, secret_rotated_at = now()
            WHERE tenant_id = {TenantId} AND id = {id}
            """, ct);
        return updated == 1 ? new(SaveResult.Saved(id), secret) : new(SaveResult.Gone(Gone), null);
    }

    /// <summary>Turns the endpoint on (clearing why the dispatcher turned it off) or off.</summary>
    public async Task<SaveResult> SetEnabledAsync(Guid id, bool enabled, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, enabled ? "webhooks.enable" : "webhooks.disable", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var updated = await db.Database.ExecuteSqlAsync($"""
            UPDATE webhook_endpoints
            SET enabled = {enabled}, disabled_at = CASE WHEN {enabled} THEN NULL ELSE now() END, disabled_reason = NULL
            WHERE tenant_id = {TenantId} AND id = {id}
            """, ct);
        if (updated == 0) return SaveResult.Gone(Gone);
        // A turned-off endpoint's waiting deliveries are parked, out of the dispatchers' way, until it is on again.
        await db.Database.ExecuteSqlAsync($"""
            UPDATE webhook_deliveries SET next_attempt_at = CASE WHEN {enabled} THEN now() ELSE 'infinity' END, claim = NULL
            WHERE tenant_id = {TenantId} AND endpoint_id = {id} AND status = 'pending'
              AND NOT (claim IS NOT NULL AND next_attempt_at > now() AND next_attempt_at < 'infinity')
            """, ct);
        if (enabled) await NotifyAsync(db, ct);
        return SaveResult.Saved(id);
    }

    /// <summary>Deletes the endpoint and its delivery log.</summary>
    public async Task<SaveResult> DeleteAsync(Guid id, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "webhooks.delete", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var deleted = await db.Database.ExecuteSqlAsync($"DELETE FROM webhook_endpoints WHERE tenant_id = {TenantId} AND id = {id}", ct);
        return deleted == 1 ? SaveResult.Saved(id) : SaveResult.Gone(Gone);
    }

    /// <summary>Queues a ping event for this endpoint alone; the answer's Id is the event's.</summary>
    public async Task<SaveResult> SendTestAsync(Guid id, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "webhooks.send_test", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var enabled = (await db.Database.SqlQuery<bool>(
            $"SELECT enabled AS \"Value\" FROM webhook_endpoints WHERE tenant_id = {TenantId} AND id = {id}").ToListAsync(ct)).ToList();
        if (enabled.Count == 0) return SaveResult.Gone(Gone);
        if (!enabled[0]) return SaveResult.Refused(TurnedOff);

        var eventId = Guid.NewGuid();
        var payload = JsonSerializer.Serialize(new
        {
            id = eventId, type = WebhookEvents.Ping, occurredAt = DateTimeOffset.UtcNow,
            data = new { endpointId = id, message = "A test event sent from Admin → Webhooks." },
        });
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO outbox (tenant_id, id, type, payload) VALUES ({TenantId}, {eventId}, {WebhookEvents.Ping}, {payload}::jsonb)
            """, ct);
        await db.Database.ExecuteSqlAsync($"INSERT INTO webhook_deliveries (tenant_id, endpoint_id, event_id) VALUES ({TenantId}, {id}, {eventId})", ct);
        await NotifyAsync(db, ct);
        await transaction.CommitAsync(ct);
        return SaveResult.Saved(eventId);
    }

    /// <summary>The endpoint's latest deliveries, newest first.</summary>
    public async Task<IReadOnlyList<WebhookDeliveryRow>> DeliveriesAsync(Guid endpointId, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "webhooks.deliveries", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Database.SqlQuery<WebhookDeliveryRow>($"""
            SELECT d.event_id, o.type, d.status, d.attempts, d.last_status_code, d.last_duration_ms, d.last_error,
                   d.queued_at, d.last_attempt_at, d.delivered_at, d.next_attempt_at,
                   (d.status = 'pending' AND d.claim IS NOT NULL AND d.next_attempt_at > now()) AS in_flight
            FROM webhook_deliveries d JOIN outbox o ON o.tenant_id = d.tenant_id AND o.id = d.event_id
            WHERE d.tenant_id = {TenantId} AND d.endpoint_id = {endpointId}
            ORDER BY d.queued_at DESC, d.event_id LIMIT {LogLength}
            """).ToListAsync(ct);
    }

    /// <summary>Sends the event again, as a fresh delivery with a new retry window (the event id stays the same).</summary>
    public async Task<SaveResult> RedeliverAsync(Guid endpointId, Guid eventId, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "webhooks.redeliver", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var state = (await db.Database.SqlQuery<RedeliveryState>($"""
            SELECT e.enabled, (d.status = 'pending' AND d.claim IS NOT NULL AND d.next_attempt_at > now()) AS in_flight
            FROM webhook_deliveries d JOIN webhook_endpoints e ON e.tenant_id = d.tenant_id AND e.id = d.endpoint_id
            WHERE d.tenant_id = {TenantId} AND d.endpoint_id = {endpointId} AND d.event_id = {eventId}
            """).ToListAsync(ct)).FirstOrDefault();
        if (state is null) return SaveResult.Gone(Gone);
        if (!state.Enabled) return SaveResult.Refused(TurnedOff);
        if (state.InFlight) return SaveResult.Refused(BeingDelivered);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var queued = await db.Database.ExecuteSqlAsync($"""
            UPDATE webhook_deliveries
            SET status = 'pending', attempts = 0, queued_at = now(), next_attempt_at = now(), claim = NULL, delivered_at = NULL
            WHERE tenant_id = {TenantId} AND endpoint_id = {endpointId} AND event_id = {eventId}
              AND NOT (status = 'pending' AND claim IS NOT NULL AND next_attempt_at > now())
            """, ct);
        if (queued == 0) return SaveResult.Refused(BeingDelivered);
        await NotifyAsync(db, ct);
        await transaction.CommitAsync(ct);
        return SaveResult.Saved(eventId);
    }

    private sealed record RedeliveryState(bool Enabled, bool InFlight);

    private async Task<(string Url, string[] Events, SaveResult? Invalid)> ValidateAsync(WebhookForm form, CancellationToken ct)
    {
        var url = form.Url?.Trim() ?? "";
        var events = form.Events.Distinct().ToArray();
        if (SaveResult.IfInvalid(new WebhookForm { Url = url }, nameof(WebhookForm.Url)) is { } invalid) return (url, events, invalid);
        if (await WebhookAddresses.RefusalAsync(url, WebhookSender.PrivateAddressesAllowed(options.Value, environment), ct) is { } refusal)
            return (url, events, SaveResult.Invalid(nameof(WebhookForm.Url), refusal));
        if (events.Length == 0) return (url, events, SaveResult.Invalid(nameof(WebhookForm.Events), WebhookForm.NoEvents));
        if (events.Except(WebhookEvents.All).Any()) return (url, events, SaveResult.Invalid(nameof(WebhookForm.Events), WebhookForm.UnknownEvent));
        return (url, events, null);
    }

    private async Task<SaveResult> MissedAsync(CrmDbContext db, Guid id, CancellationToken ct) =>
        (await db.Database.SqlQuery<int>($"SELECT 1 AS \"Value\" FROM webhook_endpoints WHERE tenant_id = {TenantId} AND id = {id}").ToListAsync(ct)).Count == 0
            ? SaveResult.Gone(Gone)
            : SaveResult.Refused(ChangedMeanwhile);

    /// <summary>Wakes every node's dispatcher (at commit, when in a transaction).</summary>
    private static Task NotifyAsync(CrmDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_notify({WebhookDispatcher.NotifyChannel}, '')", ct);
}

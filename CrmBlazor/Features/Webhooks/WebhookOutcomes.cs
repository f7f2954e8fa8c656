using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Mail;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Features.Webhooks;

/// <summary>
/// Records what an attempt came to, as the delivery's tenant and only while the dispatcher's claim
/// holds. A failure is retried with exponential backoff and jitter until the retry window ends; then it
/// is dead. An endpoint is disabled when a delivery dies and nothing was delivered to it since that
/// delivery was queued: it has failed continuously for a whole retry window (an endpoint that fails now
/// and then keeps going). Disabling is audited (the row's audit trigger) and mailed to the tenant's
/// active Owners and Admins; the Webhooks page shows why.
/// </summary>
public sealed class WebhookOutcomes(TenantScopes scopes, MailOutbox mail, IOptions<MailOptions> mailOptions, IOptions<WebhookOptions> options)
{
    private readonly WebhookOptions settings = options.Value;

    /// <summary>
    /// Deliveries that succeeded, as one UPDATE per tenant: at hundreds of events a second a statement (and a
    /// connection's tenant setup) per delivery would cost more than sending them.
    /// </summary>
    public async Task RecordDeliveredAsync(IReadOnlyList<(ClaimedDelivery Delivery, DeliveryOutcome Outcome)> delivered, CancellationToken ct)
    {
        foreach (var batch in delivered.GroupBy(d => d.Delivery.TenantId))
        {
            await using var scope = scopes.Begin(new TenantSnapshot(batch.Key, null, null));
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync(ct);
            var endpoints = batch.Select(d => d.Delivery.EndpointId).ToArray();
            var events = batch.Select(d => d.Delivery.EventId).ToArray();
            var claims = batch.Select(d => d.Delivery.Claim).ToArray();
            var codes = batch.Select(d => d.Outcome.StatusCode ?? 0).ToArray();
            var durations = batch.Select(d => d.Outcome.DurationMs).ToArray();
            await db.Database.ExecuteSqlAsync($"""
                UPDATE webhook_deliveries d
                SET status = 'delivered', delivered_at = now(), claim = NULL, next_attempt_at = now(),
                    last_status_code = v.code, last_duration_ms = v.duration, last_error = NULL
                FROM unnest({endpoints}, {events}, {claims}, {codes}, {durations}) AS v(endpoint_id, event_id, claim, code, duration)
                WHERE d.tenant_id = {batch.Key} AND d.endpoint_id = v.endpoint_id AND d.event_id = v.event_id AND d.claim = v.claim
                """, ct);
        }
    }

    /// <summary>A failed attempt: retried later, or dead past the retry window (and then perhaps the endpoint disabled).</summary>
    public async Task RecordFailureAsync(ClaimedDelivery delivery, DeliveryOutcome outcome, CancellationToken ct)
    {
        await using var scope = scopes.Begin(new TenantSnapshot(delivery.TenantId, null, null));
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync(ct);
        var (tenant, endpoint, eventId, claim) = (delivery.TenantId, delivery.EndpointId, delivery.EventId, delivery.Claim);
        var delay = RetryDelay(delivery.Attempts);
        var status = (await db.Database.SqlQuery<string>($"""
            UPDATE webhook_deliveries
            SET status = CASE WHEN now() + {delay} > queued_at + {settings.RetryWindow} THEN 'dead' ELSE 'pending' END,
                next_attempt_at = now() + {delay}, claim = NULL,
                last_status_code = {outcome.StatusCode}, last_duration_ms = {outcome.DurationMs}, last_error = {Shortened(outcome.Error)}
            WHERE tenant_id = {tenant} AND endpoint_id = {endpoint} AND event_id = {eventId} AND claim = {claim}
            RETURNING status AS "Value"
            """).ToListAsync(ct)).FirstOrDefault();
        if (status == "dead") await DisableIfFailingAsync(db, delivery, outcome, ct);
    }

    /// <summary>About FirstRetryDelay × 2^(attempts − 1), at most MaxRetryDelay, give or take a quarter (so failed endpoints' retries spread out).</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        var exponential = settings.FirstRetryDelay * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var capped = exponential < settings.MaxRetryDelay ? exponential : settings.MaxRetryDelay;
        return capped * (0.75 + Random.Shared.NextDouble() / 2);
    }

    private async Task DisableIfFailingAsync(CrmDbContext db, ClaimedDelivery delivery, DeliveryOutcome outcome, CancellationToken ct)
    {
        var reason = Shortened($"Turned off on {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC: no delivery succeeded for {Describe(settings.RetryWindow)}. "
            + $"Last error: {outcome.Error}")!;
        var (tenant, endpoint) = (delivery.TenantId, delivery.EndpointId);
        var disabled = await db.Database.SqlQuery<string>($"""
            UPDATE webhook_endpoints e SET enabled = false, disabled_at = now(), disabled_reason = {reason}
            WHERE e.tenant_id = {tenant} AND e.id = {endpoint} AND e.enabled
              AND NOT EXISTS (SELECT FROM webhook_deliveries d
                              WHERE d.tenant_id = {tenant} AND d.endpoint_id = {endpoint} AND d.delivered_at >= {delivery.QueuedAt})
            RETURNING e.url AS "Value"
            """).ToListAsync(ct);
        if (disabled.Count == 0) return;
        await db.Database.ExecuteSqlAsync($"""
            UPDATE webhook_deliveries SET next_attempt_at = 'infinity'
            WHERE tenant_id = {tenant} AND endpoint_id = {endpoint} AND status = 'pending' AND claim IS NULL
            """, ct);

        var admins = await (
            from user in db.Users
            where user.IsActive && user.EmailConfirmed && user.Email != null
            join userRole in db.UserRoles on user.Id equals userRole.UserId
            join role in db.Roles on userRole.RoleId equals role.Id
            where role.Name == Role.Owner || role.Name == Role.Admin
            select new { user.Email, user.FullName }).ToListAsync(ct);
        var appUrl = mailOptions.Value.AppUrl;
        foreach (var admin in admins)
            mail.Post(new MailTemplate("A webhook endpoint was turned off", $"Hello {admin.FullName},",
                [$"CrmBlazor turned off the webhook endpoint {disabled[0]}: no delivery to it succeeded for {Describe(settings.RetryWindow)}.",
                 $"Last error: {outcome.Error}",
                 "Fix the receiver, then turn the endpoint on again in Admin → Webhooks and redeliver the events it missed."],
                string.IsNullOrWhiteSpace(appUrl) ? null : appUrl.TrimEnd('/') + "/admin/webhooks", "Open Admin → Webhooks")
                .ToMessage(admin.Email!, admin.FullName));
    }

    private static string Describe(TimeSpan window) =>
        window.TotalHours >= 1 ? $"{window.TotalHours:0.#} hours" : window.TotalMinutes >= 1 ? $"{window.TotalMinutes:0.#} minutes" : $"{window.TotalSeconds:0.#} seconds";

    private static string? Shortened(string? text) => text is { Length: > 500 } ? text[..497] + "…" : text;
}

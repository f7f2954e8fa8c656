using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Features.Security;

/// <summary>
/// How many invitations a tenant may send in 24 hours (RateLimits:InvitationsPerTenantPerDay). Counted
/// from the tenant's own <c>user.invite</c> audit rows rather than an in-memory limiter: the count
/// survives a restart and holds across several app nodes, and invitations are rare enough to count.
/// </summary>
public sealed class InvitationLimit(IDbContextFactory<CrmDbContext> dbFactory, IOptions<RateLimitSettings> settings, TimeProvider clock)
{
    public const string InviteEvent = "user.invite";

    public static string Refusal(int limit) =>
        $"This organization has sent {limit} invitations in the last 24 hours. Try again tomorrow.";

    /// <summary>Null when the acting tenant may invite one more; else the sentence to show, with a rate_limit.hit audit row.</summary>
    public async Task<string?> RefuseAsync(CancellationToken ct = default)
    {
        var limit = settings.Value.InvitationsPerTenantPerDay;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var since = clock.GetUtcNow().AddDays(-1);
        var sent = await db.AuditLogs.CountAsync(a => a.Event == InviteEvent && a.ChangedAt >= since, ct);
        if (sent < limit) return null;
        AuditTrail.Record(db, RateLimitRejection.EventName, null, "users", $"invitations: {sent} in 24 hours");
        await db.SaveChangesAsync(ct);
        return Refusal(limit);
    }
}

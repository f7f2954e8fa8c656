using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Features.Account.Sessions;

/// <summary>A signed-in session as the profile lists it.</summary>
public sealed record SessionView(Guid Id, string Device, string? Ip, DateTimeOffset SignedInAt, DateTimeOffset LastSeenAt, bool IsThisSession);

/// <summary>
/// The signed-in user's own sessions: the list, "Sign out" of one, and "Sign out everywhere". A revoked
/// session's cookie is refused at its next request (UserAccessChanges makes that request check at once)
/// and its open circuits end at their next revalidation (UserRevalidation).
/// </summary>
public sealed class SessionService(
    IDbContextFactory<CrmDbContext> dbFactory, ITenantContext tenant, TenantScopes scopes, TimeProvider clock,
    UserAccessChanges accessChanges, IOptionsMonitor<CookieAuthenticationOptions> cookies)
{
    /// <summary>Open sessions, newest first; a session unseen for longer than a cookie lives is over and not listed.</summary>
    public async Task<IReadOnlyList<SessionView>> ListAsync(Guid? thisSession, CancellationToken ct = default)
    {
        if (tenant.UserId is not { } userId) return [];
        var since = clock.GetUtcNow() - cookies.Get(IdentityConstants.ApplicationScheme).ExpireTimeSpan;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.RevokedAt == null && s.LastSeenAt >= since)
            .OrderByDescending(s => s.SignedInAt).ToListAsync(ct);
        return rows.Select(s => new SessionView(s.Id, DeviceName.Of(s.UserAgent), s.ClientIp?.ToString(), s.SignedInAt,
            s.LastSeenAt, s.Id == thisSession)).ToList();
    }

    /// <summary>Signs out one of the user's sessions; false when it was not theirs or is over already.</summary>
    public async Task<bool> SignOutAsync(Guid sessionId, CancellationToken ct = default)
    {
        if (tenant.UserId is not { } userId) return false;
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var revoked = await db.UserSessions.Where(s => s.Id == sessionId && s.UserId == userId && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), ct);
        if (revoked == 0) return false;
        AuditTrail.Record(db, "session.revoked", userId, "users", sessionId.ToString());
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        accessChanges.Record(userId);
        return true;
    }

    /// <summary>
    /// Ends every session of the user, this one included: a new security stamp (so even a cookie with no
    /// session row dies at its next check) and every session row revoked, in one transaction.
    /// </summary>
    public async Task SignOutEverywhereAsync(CancellationToken ct = default)
    {
        if (tenant.UserId is not { } userId) throw new PermissionDeniedException("You are not signed in.");
        await using var scope = scopes.Begin(tenant.Snapshot, tenant.Origin);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw new PermissionDeniedException("You are not signed in.");
        var now = clock.GetUtcNow();
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            IdentityResults.ThrowIfFailed(await users.UpdateSecurityStampAsync(user));
            var revoked = await db.UserSessions.Where(s => s.UserId == userId && s.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), ct);
            AuditTrail.Record(db, "sessions.revoked_all", userId, "users", $"{revoked} sessions");
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        accessChanges.Record(userId);
    }

    /// <summary>
    /// Whether <paramref name="sessionId"/> is still open for <paramref name="userId"/>, noting that it was
    /// seen now. Called by each revalidation, so last seen moves at most once per interval.
    /// </summary>
    internal static async Task<bool> SeenAsync(CrmDbContext db, Guid userId, Guid sessionId, DateTimeOffset now) =>
        await db.UserSessions.Where(s => s.Id == sessionId && s.UserId == userId && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now)) > 0;

    /// <summary>Ends a session whose cookie is gone (logout) or refused (a stale security stamp).</summary>
    internal static Task EndAsync(CrmDbContext db, Guid userId, Guid sessionId, DateTimeOffset now) =>
        db.UserSessions.Where(s => s.Id == sessionId && s.UserId == userId && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now));
}

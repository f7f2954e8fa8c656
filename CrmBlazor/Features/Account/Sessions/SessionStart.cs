using System.Security.Claims;
using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Account.Sessions;

/// <summary>
/// The session a principal made in this scope belongs to (CrmClaimsPrincipalFactory asks): a new
/// user_sessions row for a sign-in, or the signed-in one when the principal is only re-issued (a
/// refreshed sign-in after a name or password change, a cookie renewed with a new role), so the list
/// shows one row per browser rather than one per re-issue.
/// </summary>
public sealed class SessionStart(
    IDbContextFactory<CrmDbContext> dbFactory, ITenantContext acting, TimeProvider clock, IHttpContextAccessor http)
{
    private Guid? continuing;

    /// <summary>The principal made next in this scope re-issues <paramref name="sessionId"/>'s cookie.</summary>
    public void Continue(Guid sessionId) => continuing = sessionId;

    public async Task<Guid> SessionIdForAsync(User user)
    {
        if (continuing is { } id) return id;
        await using var db = await dbFactory.CreateDbContextAsync();
        // A refreshed sign-in of the request's own user keeps its session while that session is open.
        if (SessionOf(http.HttpContext?.User, user.Id) is { } current
            && await db.UserSessions.AnyAsync(s => s.Id == current && s.UserId == user.Id && s.RevokedAt == null))
            return current;

        var now = clock.GetUtcNow();
        var session = new UserSession
        {
            TenantId = user.TenantId, Id = Guid.NewGuid(), UserId = user.Id, SignedInAt = now, LastSeenAt = now,
            UserAgent = acting.Origin.UserAgent,
            ClientIp = System.Net.IPAddress.TryParse(acting.Origin.Ip, out var ip) ? ip : null,
        };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync();
        return session.Id;
    }

    /// <summary>The session <paramref name="principal"/>'s cookie belongs to, when it is <paramref name="userId"/>'s.</summary>
    public static Guid? SessionOf(ClaimsPrincipal? principal, Guid? userId = null) =>
        principal is not null
        && (userId is null || TenantSnapshot.Of(principal).UserId == userId)
        && Guid.TryParse(principal.FindFirstValue(CrmClaims.SessionId), out var id)
            ? id
            : null;
}

using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Tenancy;

/// <summary>Raised when the acting role may not do what was asked; its message is for the user.</summary>
public sealed class PermissionDeniedException(string message) : Exception(message);

/// <summary>A change named records that are gone (deleted meanwhile, or never this tenant's); nothing was changed.</summary>
public sealed class StaleSelectionException(string message) : Exception(message);

/// <summary>
/// The server-side check every service method that changes data calls first. The role and the active
/// flag are read from the user's rows on every call, not taken from the snapshot (the sign-in cookie's
/// role, up to a revalidation interval old): a demotion or deactivation holds from the next write on,
/// even in a tab that has not reloaded. A refusal is audited as <c>permission.denied</c> (in its own
/// save, so it is kept even though the action is not).
/// </summary>
public sealed class PermissionGuard(ITenantContext tenant, IDbContextFactory<CrmDbContext> dbFactory)
{
    public const string NoLongerActive = "Your account is no longer active. Ask an administrator if you need access.";

    public async Task DemandAsync(Permission permission, string action, CancellationToken ct = default)
    {
        if (tenant.TenantId is null || tenant.UserId is not { } userId)
            throw new PermissionDeniedException("You are not signed in.");

        // One indexed read, scoped to the tenant twice like every query (the context's filters and row-level security).
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var role = await (
            from user in db.Users
            where user.Id == userId && user.IsActive
            join userRole in db.UserRoles on user.Id equals userRole.UserId
            join r in db.Roles on userRole.RoleId equals r.Id
            select r.Name).FirstOrDefaultAsync(ct);
        if (role is not null && Permissions.Allows(role, permission))
            return;

        AuditTrail.Record(db, "permission.denied", userId, "users", action);
        await db.SaveChangesAsync(ct);
        throw new PermissionDeniedException(role is null ? NoLongerActive : Permissions.Refusal(role, permission));
    }
}

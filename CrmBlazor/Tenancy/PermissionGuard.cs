using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Tenancy;

/// <summary>Raised when the acting role may not do what was asked; its message is for the user.</summary>
public sealed class PermissionDeniedException(string message) : Exception(message);

/// <summary>A change named records that are gone (deleted meanwhile, or never this tenant's); nothing was changed.</summary>
public sealed class StaleSelectionException(string message) : Exception(message);

/// <summary>
/// The server-side check every service method that changes data calls first. A refusal is audited
/// as <c>permission.denied</c> (in its own save, so it is kept even though the action is not).
/// </summary>
public sealed class PermissionGuard(ITenantContext tenant, IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task DemandAsync(Permission permission, string action, CancellationToken ct = default)
    {
        if (tenant.TenantId is null || tenant.UserId is null)
            throw new PermissionDeniedException("You are not signed in.");
        if (Permissions.Allows(tenant.Role, permission))
            return;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        AuditTrail.Record(db, "permission.denied", tenant.UserId, "users", action);
        await db.SaveChangesAsync(ct);
        throw new PermissionDeniedException(Permissions.Refusal(tenant.Role, permission));
    }
}

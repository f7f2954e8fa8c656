using CrmBlazor.Data;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Account.TwoFactor;

/// <summary>Whether everyone in the tenant must sign in with a second factor: the Owner's choice (also enforced by two_factor_set_by_owner).</summary>
public sealed class TwoFactorPolicyService(IDbContextFactory<CrmDbContext> dbFactory, PermissionGuard guard, ITenantContext tenant)
{
    public async Task<bool> IsRequiredAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Tenants.Select(t => t.RequireTwoFactor).SingleAsync(ct);
    }

    public async Task SetRequiredAsync(bool required, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.ManageTenant, "two_factor.require");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var organization = await db.Tenants.SingleAsync(ct);
        if (organization.RequireTwoFactor == required) return;
        organization.RequireTwoFactor = required;
        AuditTrail.Record(db, required ? "two_factor.required" : "two_factor.not_required", tenant.UserId, "users");
        await db.SaveChangesAsync(ct);
    }
}

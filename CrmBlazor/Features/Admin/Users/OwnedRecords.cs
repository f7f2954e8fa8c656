using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Admin.Users;

/// <summary>
/// The contacts, companies, deals and activities a user owns, those in the trash included: a record
/// restored later should come back to someone who can still follow it up. The trash is outside the
/// soft-delete filter, so these queries name the tenant themselves (row-level security holds them to it too).
/// </summary>
internal static class OwnedRecords
{
    public static async Task<OwnedCounts> CountAsync(CrmDbContext db, Guid tenantId, Guid userId, CancellationToken ct) =>
        new(await db.Contacts.IgnoreQueryFilters().CountAsync(r => r.TenantId == tenantId && r.OwnerId == userId, ct),
            await db.Companies.IgnoreQueryFilters().CountAsync(r => r.TenantId == tenantId && r.OwnerId == userId, ct),
            await db.Deals.IgnoreQueryFilters().CountAsync(r => r.TenantId == tenantId && r.OwnerId == userId, ct),
            await db.Activities.IgnoreQueryFilters().CountAsync(r => r.TenantId == tenantId && r.OwnerId == userId, ct));

    /// <summary>Gives every record <paramref name="userId"/> owns to <paramref name="heirId"/>; returns how many changed hands.</summary>
    public static async Task<int> HandOverAsync(CrmDbContext db, Guid tenantId, Guid userId, Guid heirId, CancellationToken ct) =>
        await db.Contacts.IgnoreQueryFilters().Where(r => r.TenantId == tenantId && r.OwnerId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.OwnerId, heirId), ct)
        + await db.Companies.IgnoreQueryFilters().Where(r => r.TenantId == tenantId && r.OwnerId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.OwnerId, heirId), ct)
        + await db.Deals.IgnoreQueryFilters().Where(r => r.TenantId == tenantId && r.OwnerId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.OwnerId, heirId), ct)
        + await db.Activities.IgnoreQueryFilters().Where(r => r.TenantId == tenantId && r.OwnerId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.OwnerId, heirId), ct);
}

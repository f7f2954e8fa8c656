using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
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
        new(await OwnedBy(db.Contacts, tenantId, userId).CountAsync(ct),
            await OwnedBy(db.Companies, tenantId, userId).CountAsync(ct),
            await OwnedBy(db.Deals, tenantId, userId).CountAsync(ct),
            await OwnedBy(db.Activities, tenantId, userId).CountAsync(ct));

    /// <summary>Gives every record <paramref name="userId"/> owns to <paramref name="heirId"/>; returns how many changed hands.</summary>
    public static async Task<int> HandOverAsync(CrmDbContext db, Guid tenantId, Guid userId, Guid heirId, CancellationToken ct) =>
        await HandOverAsync(db.Contacts, tenantId, userId, heirId, ct)
        + await HandOverAsync(db.Companies, tenantId, userId, heirId, ct)
        + await HandOverAsync(db.Deals, tenantId, userId, heirId, ct)
        + await HandOverAsync(db.Activities, tenantId, userId, heirId, ct);

    private static IQueryable<T> OwnedBy<T>(DbSet<T> records, Guid tenantId, Guid userId) where T : TenantEntity, IUserOwned =>
        records.IgnoreQueryFilters().Where(r => r.TenantId == tenantId && r.OwnerId == userId);

    private static Task<int> HandOverAsync<T>(DbSet<T> records, Guid tenantId, Guid userId, Guid heirId, CancellationToken ct)
        where T : TenantEntity, IUserOwned =>
        OwnedBy(records, tenantId, userId).ExecuteUpdateAsync(s => s.SetProperty(r => r.OwnerId, heirId), ct);
}

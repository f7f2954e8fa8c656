using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Account;

/// <summary>
/// Finds which tenant an email or a mailed link signs in to, before any tenant is known, through the
/// narrow database functions made for it (Sql/sign_in_lookup.sql): row-level security hides users otherwise.
/// </summary>
public static class UserLookup
{
    public sealed record UserTenant(Guid UserId, Guid TenantId);

    /// <summary>The confirmed user with the email: only a confirmed address signs in or holds an account.</summary>
    public static async Task<UserTenant?> FindForSignInAsync(CrmDbContext db, string normalizedEmail, CancellationToken ct = default) =>
        await db.Database
            .SqlQuery<UserTenant>($"select user_id, tenant_id from crm_find_user_for_sign_in({normalizedEmail})")
            .SingleOrDefaultAsync(ct);

    /// <summary>The same, on a context of its own: for code that has not learnt its tenant yet and so has no context to use.</summary>
    public static async Task<UserTenant?> FindForSignInAsync(
        IDbContextFactory<CrmDbContext> dbFactory, string normalizedEmail, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await FindForSignInAsync(db, normalizedEmail, ct);
    }

    /// <summary>The user a mailed link names, with their tenant; the link's token decides whether it works.</summary>
    public static async Task<UserTenant?> FindByIdAsync(IDbContextFactory<CrmDbContext> dbFactory, Guid? userId, CancellationToken ct = default)
    {
        if (userId is not { } id) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tenant = await db.Database.SqlQuery<Guid?>($"select crm_find_user_tenant({id}) as \"Value\"").SingleAsync(ct);
        return tenant is { } tenantId ? new(id, tenantId) : null;
    }

    /// <summary>Sign-ups with the email still waiting for confirmation, newest first (at most 3).</summary>
    public static async Task<IReadOnlyList<UserTenant>> FindPendingRegistrationsAsync(
        IDbContextFactory<CrmDbContext> dbFactory, string normalizedEmail, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Database
            .SqlQuery<UserTenant>($"select user_id, tenant_id from crm_find_pending_registrations({normalizedEmail})")
            .ToListAsync(ct);
    }
}

using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Account;

/// <summary>
/// Finds which tenant an email signs in to, before any tenant is known, through the one narrow
/// database function made for it (Sql/sign_in_lookup.sql): row-level security hides users otherwise.
/// </summary>
public static class UserLookup
{
    public sealed record UserTenant(Guid UserId, Guid TenantId);

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
}

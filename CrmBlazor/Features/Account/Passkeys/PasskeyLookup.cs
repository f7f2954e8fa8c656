using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Account.Passkeys;

/// <summary>
/// Finds whose passkey a credential is, before any tenant is known, through the one narrow database
/// function made for it (Sql/passkeys.sql): row-level security hides every passkey otherwise.
/// </summary>
public static class PasskeyLookup
{
    public static async Task<UserLookup.UserTenant?> FindOwnerAsync(
        IDbContextFactory<CrmDbContext> dbFactory, byte[] credentialId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Database
            .SqlQuery<UserLookup.UserTenant>($"select user_id, tenant_id from crm_find_user_for_passkey({credentialId})")
            .SingleOrDefaultAsync(ct);
    }
}

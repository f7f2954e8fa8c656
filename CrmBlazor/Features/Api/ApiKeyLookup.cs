using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Api;

/// <summary>
/// Finds a presented key before any tenant is known, through the one function made for it
/// (Sql/api_keys.sql, <c>crm_find_api_key</c>): row-level security hides api_keys otherwise.
/// </summary>
public static class ApiKeyLookup
{
    public sealed record FoundKey(
        Guid KeyId, Guid TenantId, Guid? UserId, string? RoleName, bool? UserActive, string[] Scopes,
        DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt, string Prefix);

    public static async Task<FoundKey?> FindAsync(IDbContextFactory<CrmDbContext> dbFactory, string presented, CancellationToken ct)
    {
        if (!ApiKeySecret.LooksLikeKey(presented)) return null;
        var hash = ApiKeySecret.HashOf(presented);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The function's columns are the record's properties in snake case, as the context's naming convention expects.
        return await db.Database.SqlQuery<FoundKey>($"select * from crm_find_api_key({hash})")
            .SingleOrDefaultAsync(ct);
    }
}

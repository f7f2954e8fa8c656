using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Api.Keys;

/// <summary>
/// The tenant's API keys: create, list, revoke. Only Owners and Admins manage keys; a key acts as the
/// admin who made it. The api_keys row trigger audits creating and revoking; <see cref="ApiKeyUse"/> the first use.
/// </summary>
public sealed class ApiKeyService(IDbContextFactory<CrmDbContext> dbFactory, PermissionGuard guard, TimeProvider clock)
{
    public const string KeyGone = "This API key no longer exists.";

    /// <summary>The new key's secret, to be shown once: only its hash is stored.</summary>
    public sealed record CreatedKey(Guid Id, string Secret);

    public async Task<(CreatedKey? Key, SaveResult Result)> CreateAsync(ApiKeyForm form, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "api_keys.create", ct);
        if (SaveResult.IfInvalid(form, nameof(ApiKeyForm.Name)) is { } invalid) return (null, invalid);
        if (form.ExpiresAt is { } expires && expires <= clock.GetUtcNow())
            return (null, SaveResult.Invalid(nameof(ApiKeyForm.ExpiresAt), "Choose an expiry in the future, or none."));

        var secret = ApiKeySecret.New();
        var key = new ApiKey
        {
            Name = form.Name!.Trim(), Prefix = secret.Prefix, KeyHash = secret.Hash,
            Scopes = [.. form.Scopes.Distinct().Order()], ExpiresAt = form.ExpiresAt,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return (new(key.Id, secret.Text), SaveResult.Saved(key.Id));
    }

    /// <summary>Every key of the tenant, revoked and expired ones too (so their history stays readable), newest first.</summary>
    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "api_keys.list", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // A purged creator leaves created_by empty; a soft-deleted one still has a name worth showing.
        var users = db.Users.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter]);
        var keys = await db.ApiKeys
            .OrderByDescending(k => k.CreatedAt).ThenBy(k => k.Id)
            .Select(k => new
            {
                k.Id, k.Name, k.Prefix, k.Scopes, k.CreatedAt, k.LastUsedAt, k.ExpiresAt, k.RevokedAt,
                CreatedBy = users.Where(u => u.Id == k.CreatedBy).Select(u => u.FullName).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        return keys.Select(k => new ApiKeyRow(k.Id, k.Name, k.Prefix, k.Scopes, k.CreatedBy ?? "A removed user", k.CreatedAt,
                k.LastUsedAt, k.ExpiresAt, k.RevokedAt,
                k.RevokedAt is not null ? ApiKeyStatus.Revoked : k.ExpiresAt <= now ? ApiKeyStatus.Expired : ApiKeyStatus.Active))
            .ToList();
    }

    /// <summary>
    /// Revokes the key: its next call is refused (every call looks the key up, nothing caches it). Revoking
    /// a key already revoked changes nothing and succeeds.
    /// </summary>
    public async Task<SaveResult> RevokeAsync(Guid id, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "api_keys.revoke", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var revoked = await db.ApiKeys.Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(k => k.RevokedAt, now), ct);
        if (revoked == 1 || await db.ApiKeys.AnyAsync(k => k.Id == id, ct)) return SaveResult.Saved(id);
        return SaveResult.Gone(KeyGone);
    }
}

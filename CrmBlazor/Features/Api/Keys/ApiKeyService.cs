using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Api.Keys;

/// <summary>Creates the tenant's API keys. Only Owners and Admins manage keys; a key acts as the admin who made it.</summary>
public sealed class ApiKeyService(IDbContextFactory<CrmDbContext> dbFactory, PermissionGuard guard, TimeProvider clock)
{
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
}

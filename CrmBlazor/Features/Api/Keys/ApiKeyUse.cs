using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Api.Keys;

/// <summary>
/// Keeps a key's last_used_at current, cheaply: the lookup that signed the call in already read it, so
/// a call writes only when it is over a minute old, and at most one write a minute per key follows
/// (the UPDATE re-checks the age, so concurrent calls write once). The first use also records the
/// api_key.first_used event, once: only the call whose UPDATE moved last_used_at from empty records it,
/// in the same transaction. The row audit leaves last_used_at out (api_key_use.sql), so the touches
/// add nothing to the audit log. Runs in the request's scope, which acts for the key's tenant as its creator.
/// </summary>
public sealed class ApiKeyUse(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock)
{
    public const string FirstUsedEvent = "api_key.first_used";
    public static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    public async Task RecordAsync(ApiKeyLookup.FoundKey key, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (key.LastUsedAt is { } last && now - last < TouchEvery) return;

        var staleBefore = now - TouchEvery;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var first = await db.ApiKeys.Where(k => k.Id == key.KeyId && k.LastUsedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, now), ct);
        if (first == 1)
        {
            AuditTrail.Record(db, FirstUsedEvent, key.KeyId, "api_keys", $"crm_{key.Prefix}…");
            await db.SaveChangesAsync(ct);
        }
        else
        {
            await db.ApiKeys.Where(k => k.Id == key.KeyId && k.LastUsedAt < staleBefore)
                .ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, now), ct);
        }
        await transaction.CommitAsync(ct);
    }
}

using System.Security.Cryptography;
using System.Text;
using CrmBlazor.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Caching.Distributed;

namespace CrmBlazor.Features.CircuitState;

/// <summary>
/// The distributed tier of the HybridCache that Blazor persists circuit state to (CircuitOptions.HybridPersistenceCache):
/// rows of <c>cache_entries</c> in PostgreSQL, which every node reads, so a circuit persisted on one node resumes on
/// another. A row holds the SHA-256 of the key (the key is Blazor's circuit secret: whoever holds it may resume the
/// circuit, so it is never stored) and the value encrypted with the app's data protection keys for that hash (the
/// state is what the user had on screen, unsaved form input included). crm_app reaches the table only through the
/// crm_cache_* functions (Data/Sql/cache_entries.sql). Contexts come from the process's pool acting for nobody:
/// an entry belongs to no tenant, and Blazor persists an evicted circuit where no tenant is known.
/// </summary>
public sealed class PostgresDistributedCache(
    PooledDbContextFactory<CrmDbContext> pool, IDataProtectionProvider protection, TimeProvider clock) : IDistributedCache
{
    /// <summary>What an entry set with neither expiry gets, as SQL Server's and Redis's caches do (a sliding 20 minutes).</summary>
    public static readonly TimeSpan DefaultSlidingExpiration = TimeSpan.FromMinutes(20);

    private const int PurgeBatch = 1000;

    private readonly IDataProtector protector = protection.CreateProtector("CrmBlazor.CircuitState.CacheEntries");

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        var hash = Hash(key);
        await using var db = await pool.CreateDbContextAsync(token);
        var stored = await db.Database.SqlQuery<byte[]?>($"SELECT crm_cache_touch({hash}) AS \"Value\"").SingleAsync(token);
        return stored is null ? null : ProtectorFor(hash).Unprotect(stored);
    }

    public async Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        var hash = Hash(key);
        var now = clock.GetUtcNow();
        var absolute = (options.AbsoluteExpiration ?? now + options.AbsoluteExpirationRelativeToNow)?.ToUniversalTime();
        var sliding = options.SlidingExpiration ?? (absolute is null ? DefaultSlidingExpiration : null);
        var expires = sliding is { } window && (absolute is null || now + window < absolute) ? now + window : absolute!.Value;
        var slidingSeconds = sliding is { } s ? (int?)Math.Max(1, (int)Math.Ceiling(s.TotalSeconds)) : null;
        var protectedValue = ProtectorFor(hash).Protect(value);
        await using var db = await pool.CreateDbContextAsync(token);
        await db.Database.ExecuteSqlAsync(
            $"SELECT crm_cache_set({hash}, {protectedValue}, {expires}, {slidingSeconds}::integer, {absolute}::timestamptz)", token);
    }

    public async Task RefreshAsync(string key, CancellationToken token = default)
    {
        var hash = Hash(key);
        await using var db = await pool.CreateDbContextAsync(token);
        await db.Database.SqlQuery<byte[]?>($"SELECT crm_cache_touch({hash}) AS \"Value\"").SingleAsync(token);
    }

    public async Task RemoveAsync(string key, CancellationToken token = default)
    {
        var hash = Hash(key);
        await using var db = await pool.CreateDbContextAsync(token);
        await db.Database.ExecuteSqlAsync($"SELECT crm_cache_remove({hash})", token);
    }

    /// <summary>Removes every expired entry, a batch at a time; returns how many went. Safe on several nodes at once.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken token = default)
    {
        var total = 0;
        int removed;
        do
        {
            await using var db = await pool.CreateDbContextAsync(token);
            removed = await db.Database.SqlQuery<int>($"SELECT crm_cache_purge_expired({PurgeBatch}) AS \"Value\"").SingleAsync(token);
            total += removed;
        } while (removed == PurgeBatch);
        return total;
    }

    // IDistributedCache's synchronous half: HybridCache and Blazor call only the async one.
    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();
    public void Refresh(string key) => RefreshAsync(key).GetAwaiter().GetResult();
    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    // Bound to the entry's hash: a value copied into another entry's row does not decrypt there.
    private IDataProtector ProtectorFor(byte[] hash) => protector.CreateProtector(Convert.ToHexString(hash));
}

using System.Security.Cryptography;
using System.Text;
using CrmBlazor.Data;
using CrmBlazor.Features.CircuitState;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Npgsql;

namespace CrmBlazor.Tests.CircuitState;

/// <summary>
/// The cache that persisted circuits go to, against the real table as the runtime role: what is set comes back on any
/// instance sharing the key ring, expired entries are gone for readers and for the purge, and the table holds neither
/// the key nor the value in clear, nor lets crm_app reach it but through the functions.
/// </summary>
public sealed class PostgresDistributedCacheTests(CrmDatabase database) : IClassFixture<CrmDatabase>, IAsyncDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly NpgsqlDataSource dataSource = DataRegistration.CreateDataSource(database.AppConnectionString);
    // One key ring for the "nodes" below, as the app's nodes share theirs through PostgreSQL.
    private readonly IDataProtectionProvider keyRing = new EphemeralDataProtectionProvider();

    private PostgresDistributedCache Node(TimeProvider? clock = null) =>
        new(DataRegistration.CreateContextPool(dataSource), keyRing, clock ?? TimeProvider.System);

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static DistributedCacheEntryOptions For(TimeSpan span) => new() { AbsoluteExpirationRelativeToNow = span };

    [Fact]
    public async Task A_value_set_on_one_node_is_read_on_another_and_gone_once_removed()
    {
        var key = NewKey();
        var value = Encoding.UTF8.GetBytes("filters, page and an unsaved first name");

        await Node().SetAsync(key, value, For(TimeSpan.FromMinutes(5)), Ct);
        var read = await Node().GetAsync(key, Ct);
        await Node().RemoveAsync(key, Ct);
        var afterRemove = await Node().GetAsync(key, Ct);

        Assert.Equal(value, read);
        Assert.Null(afterRemove);
        Assert.Null(await Node().GetAsync(NewKey(), Ct));
    }

    [Fact]
    public async Task Setting_a_key_again_replaces_its_value()
    {
        var key = NewKey();
        await Node().SetAsync(key, [1, 2, 3], For(TimeSpan.FromMinutes(5)), Ct);

        await Node().SetAsync(key, [4, 5], For(TimeSpan.FromMinutes(5)), Ct);

        Assert.Equal([4, 5], await Node().GetAsync(key, Ct));
    }

    [Fact]
    public async Task An_expired_entry_is_not_read_and_the_purge_removes_it_but_not_live_ones()
    {
        // Written by a node whose clock is an hour behind: its 30 minutes ended half an hour ago by the database's clock.
        var expired = NewKey();
        var live = NewKey();
        await Node(new FixedClock(DateTimeOffset.UtcNow.AddHours(-1))).SetAsync(expired, [7], For(TimeSpan.FromMinutes(30)), Ct);
        await Node().SetAsync(live, [8], For(TimeSpan.FromMinutes(30)), Ct);

        var readExpired = await Node().GetAsync(expired, Ct);
        var purged = await Node().PurgeExpiredAsync(Ct);

        Assert.Null(readExpired);
        Assert.True(purged >= 1, $"purged {purged}");
        Assert.Equal(0L, await CountOwnerSeesAsync(expired));
        Assert.Equal(1L, await CountOwnerSeesAsync(live));
        Assert.Equal([8], await Node().GetAsync(live, Ct));
    }

    [Fact]
    public async Task A_sliding_entry_read_before_it_lapses_lives_on_past_its_first_expiry()
    {
        var key = NewKey();
        await Node().SetAsync(key, [9], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10) }, Ct);
        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString);
        // Its window nearly over: a read now must move it on by the whole window again.
        await owner.ExecuteAsync("update cache_entries set expires_at = now() + interval '5 seconds' where key_hash = @h", ("h", Hash(key)));

        await Node().RefreshAsync(key, Ct);

        var left = await owner.ScalarAsync<double>(
            "select extract(epoch from expires_at - now())::float8 from cache_entries where key_hash = @h", ("h", Hash(key)));
        Assert.InRange(left, 590, 601);
    }

    [Fact]
    public async Task The_table_holds_no_key_and_no_readable_value_and_a_value_moved_to_another_key_does_not_decrypt()
    {
        var key = NewKey();
        var other = NewKey();
        var secret = Encoding.UTF8.GetBytes("Ada Lovelace, unsaved");
        await Node().SetAsync(key, secret, For(TimeSpan.FromMinutes(5)), Ct);
        await Node().SetAsync(other, [1], For(TimeSpan.FromMinutes(5)), Ct);

        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString);
        var stored = await owner.ScalarAsync<byte[]>("select value from cache_entries where key_hash = @h", ("h", Hash(key)));
        var keyFound = await owner.ScalarAsync<long>(
            "select count(*) from cache_entries where position(convert_to(@k, 'UTF8') in key_hash) > 0", ("k", key));
        // Someone with the owner's rights copies this entry's value into the other entry's row.
        await owner.ExecuteAsync("update cache_entries set value = @v where key_hash = @h", ("v", stored), ("h", Hash(other)));

        Assert.Equal(0L, keyFound);
        Assert.DoesNotContain("Ada Lovelace", Encoding.UTF8.GetString(stored));
        await Assert.ThrowsAnyAsync<CryptographicException>(() => Node().GetAsync(other, Ct));
    }

    [Fact]
    public async Task The_runtime_role_cannot_list_or_change_entries_but_through_the_functions()
    {
        await Node().SetAsync(NewKey(), [1], For(TimeSpan.FromMinutes(5)), Ct);
        await using var app = await DbSession.OpenAsync(database.AppConnectionString);

        await DbAssert.FailsAsync("42501", () => app.ScalarAsync<long>("select count(*) from cache_entries"));
        await DbAssert.FailsAsync("42501", () => app.ExecuteAsync("delete from cache_entries"));
        await DbAssert.FailsAsync("42501", () => app.ExecuteAsync(
            "insert into cache_entries (key_hash, value, expires_at) values (sha256('x'), 'x', now() + interval '1 hour')"));
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private async Task<long> CountOwnerSeesAsync(string key)
    {
        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString);
        return await owner.ScalarAsync<long>("select count(*) from cache_entries where key_hash = @h", ("h", Hash(key)));
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}

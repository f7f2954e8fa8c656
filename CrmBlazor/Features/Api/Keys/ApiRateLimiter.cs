using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Features.Api.Keys;

/// <summary>
/// Each API key's token bucket (the built-in limiter, partitioned by key id), held by this node: with
/// several nodes behind a balancer a key gets each node's allowance. It also decides which refusals are
/// audited: the first of a key in each refill time (at least a minute), so a flood of calls adds one
/// rate_limit.hit row, not one per call.
/// </summary>
public sealed class ApiRateLimiter : IDisposable
{
    private static readonly TimeSpan MinAuditGap = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<Guid> buckets;
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> audited = new();
    private readonly TimeProvider clock;

    public ApiRateLimiter(IOptions<ApiRateLimitSettings> options, TimeProvider clock)
    {
        Settings = options.Value;
        this.clock = clock;
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, Settings.TokenLimit), TokensPerPeriod = Math.Max(1, Settings.TokensPerPeriod),
            ReplenishmentPeriod = Settings.Period, QueueLimit = 0, AutoReplenishment = true,
        };
        buckets = PartitionedRateLimiter.Create<Guid, Guid>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ => bucket));
    }

    public ApiRateLimitSettings Settings { get; }

    /// <summary>Takes one token of the key's bucket; the lease says whether it was there.</summary>
    public RateLimitLease Acquire(Guid keyId) => buckets.AttemptAcquire(keyId);

    /// <summary>The tokens the key has left.</summary>
    public long Remaining(Guid keyId) => buckets.GetStatistics(keyId)?.CurrentAvailablePermits ?? Settings.TokenLimit;

    /// <summary>True for the refusal that should be audited: the key's first since the last audited one's window ended.</summary>
    public bool ClaimAudit(Guid keyId)
    {
        var now = clock.GetUtcNow();
        var gap = Settings.Refill > MinAuditGap ? Settings.Refill : MinAuditGap;
        while (true)
        {
            if (!audited.TryGetValue(keyId, out var last))
            {
                if (audited.TryAdd(keyId, now)) return true;
                continue;
            }
            if (now - last < gap) return false;
            if (audited.TryUpdate(keyId, now, last)) return true;
        }
    }

    public void Dispose() => buckets.Dispose();
}

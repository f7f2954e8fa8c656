using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CrmBlazor.Features.Account;

/// <summary>
/// Failed sign-ins with emails no user has, counted the way Identity counts a user's: after as many
/// failures they "lock" for as long, so the lockout message cannot tell an existing account from an
/// unknown one. Kept in memory for a day after the last attempt, up to a bounded number of emails
/// (rate limiting keeps a flood away; past the bound an unknown email simply never locks).
/// </summary>
public sealed class UnknownEmailLockouts(IOptions<IdentityOptions> identity, TimeProvider clock)
{
    private const int TrackedEmails = 100_000;
    private static readonly TimeSpan Remembered = TimeSpan.FromDays(1);

    private readonly MemoryCache failures = new(new MemoryCacheOptions { SizeLimit = TrackedEmails });
    private readonly Lock gate = new();

    private sealed record Attempts(int Failures, DateTimeOffset? LockedUntil);

    public DateTimeOffset? LockedUntil(string normalizedEmail) =>
        failures.TryGetValue(normalizedEmail, out Attempts? attempts) && attempts!.LockedUntil > clock.GetUtcNow()
            ? attempts.LockedUntil
            : null;

    /// <summary>Counts one failure; returns when the email is locked until if this one locks it, as Identity's AccessFailedAsync does.</summary>
    public DateTimeOffset? Fail(string normalizedEmail)
    {
        var lockout = identity.Value.Lockout;
        lock (gate)
        {
            var attempts = failures.TryGetValue(normalizedEmail, out Attempts? known) ? known! : new Attempts(0, null);
            var count = attempts.Failures + 1;
            var next = count >= lockout.MaxFailedAccessAttempts
                ? new Attempts(0, clock.GetUtcNow() + lockout.DefaultLockoutTimeSpan)
                : attempts with { Failures = count };
            failures.Set(normalizedEmail, next, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = Remembered });
            return count >= lockout.MaxFailedAccessAttempts ? next.LockedUntil : null;
        }
    }
}

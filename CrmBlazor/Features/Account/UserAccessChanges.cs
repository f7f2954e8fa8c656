using System.Collections.Concurrent;

namespace CrmBlazor.Features.Account;

/// <summary>
/// Users whose access changed a moment ago (deactivated, given another role, a new password), so
/// that their sign-in cookies are checked again on their very next request instead of at the next
/// <see cref="UserRevalidation.Interval"/>. In memory, so checking costs no database read; it only
/// needs to remember a change for one interval, since every older cookie is checked by then anyway.
/// This process-local record serves one app node: on several, another node's sessions catch up
/// within the interval, or a shared channel (as for the pipeline change feed) carries it.
/// </summary>
public sealed class UserAccessChanges(TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> changedAt = new();

    public void Record(Guid userId)
    {
        var now = clock.GetUtcNow();
        changedAt[userId] = now;
        foreach (var (id, at) in changedAt)
            if (now - at > UserRevalidation.Interval) changedAt.TryRemove(id, out _);
    }

    /// <summary>True when <paramref name="userId"/>'s access changed at or after <paramref name="since"/> (a cookie checked then is out of date).</summary>
    public bool ChangedSince(Guid userId, DateTimeOffset since) =>
        changedAt.TryGetValue(userId, out var at) && at >= since;
}

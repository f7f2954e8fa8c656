namespace CrmBlazor.Tests.Infrastructure;

/// <summary>A clock that always says the same time, for rendering "2 h ago" predictably.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

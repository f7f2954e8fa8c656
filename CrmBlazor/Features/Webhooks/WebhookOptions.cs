namespace CrmBlazor.Features.Webhooks;

/// <summary>
/// The <c>Webhooks</c> section. The retry schedule is exponential with jitter: the first retry after
/// about <see cref="FirstRetryDelay"/>, each following one twice as late, at most <see cref="MaxRetryDelay"/>
/// apart, until <see cref="RetryWindow"/> after the event was queued; then the delivery is dead. Tests
/// set the delays in seconds.
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Whether this node runs a dispatcher (like Import:RunJobs): every node does unless told not to.</summary>
    public bool RunDispatcher { get; set; } = true;

    /// <summary>
    /// Whether endpoints may point at loopback, private, link-local or unspecified addresses (SSRF).
    /// Unset: allowed only in Development. The tests' app factory allows them; production never should.
    /// </summary>
    public bool? AllowPrivateAddresses { get; set; }

    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a receiver has to answer one delivery.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Deliveries one dispatcher attempts at the same time.</summary>
    public int Concurrency { get; set; } = 64;

    /// <summary>How often a dispatcher looks for due deliveries when nothing woke it (retries, other nodes' events).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a claimed delivery stays its dispatcher's: longer than it can wait in the dispatcher's queue
    /// (two rounds of attempts) plus its own attempt, so no other dispatcher attempts it meanwhile; a
    /// dispatcher that died gives it up when the lease ends.
    /// </summary>
    public TimeSpan Lease => 3 * Timeout + TimeSpan.FromSeconds(10);
}

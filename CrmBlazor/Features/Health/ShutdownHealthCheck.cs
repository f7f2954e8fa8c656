using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CrmBlazor.Features.Health;

/// <summary>
/// Unhealthy from the moment the host is told to stop (SIGTERM, Ctrl+C): readiness turns 503 at once, so a load
/// balancer sends no new requests while the ones in flight finish (within Shutdown:TimeoutSeconds).
/// </summary>
public sealed class ShutdownHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("The app is shutting down.")
            : HealthCheckResult.Healthy());
}

using System.Text;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CrmBlazor.Features.Health;

/// <summary>
/// The probes a load balancer or orchestrator asks, anonymous and never rate-limited:
/// <c>/health/live</c> (the process answers; no database call, so a database outage does not get every node
/// restarted), <c>/health/ready</c> (send traffic here: the database answers, no migration of this build is
/// pending, and the app is not shutting down) and <c>/health</c> (the database answers; kept as it was for the
/// scripts that use it). Unhealthy is 503 with a short plain-text reason per failing check.
/// Shutdown:TimeoutSeconds (30) is how long a stopping node lets in-flight requests and background work finish.
/// </summary>
public static class HealthProbes
{
    public const string Ready = "ready";
    private const string Database = "database";

    public static void AddCrmHealth(this WebApplicationBuilder builder)
    {
        // Singletons: the migrations check remembers, for this process, that it found nothing pending.
        builder.Services.AddSingleton<ShutdownHealthCheck>();
        builder.Services.AddSingleton<MigrationsHealthCheck>();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>(Database, tags: [Ready])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [Ready])
            .AddCheck<ShutdownHealthCheck>("shutdown", tags: [Ready]);
        var timeout = TimeSpan.FromSeconds(builder.Configuration.GetValue("Shutdown:TimeoutSeconds", 30));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = timeout);
    }

    public static void MapCrmHealth(this WebApplication app)
    {
        Map(app, "/health", check => check.Name == Database);
        Map(app, "/health/live", _ => false);
        Map(app, "/health/ready", check => check.Tags.Contains(Ready));
    }

    private static void Map(WebApplication app, string path, Func<HealthCheckRegistration, bool> checks) =>
        app.MapHealthChecks(path, new HealthCheckOptions { Predicate = checks, AllowCachingResponses = false, ResponseWriter = WriteAsync })
            .AllowAnonymous()
            .DisableRateLimiting();

    // "Healthy", or "Unhealthy" and one line per failing check: enough for an operator's curl, nothing a stranger could use.
    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        var text = new StringBuilder(report.Status.ToString()).Append('\n');
        foreach (var (name, entry) in report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy))
            text.Append(name).Append(": ").Append(entry.Description).Append('\n');
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(text.ToString(), http.RequestAborted);
    }
}

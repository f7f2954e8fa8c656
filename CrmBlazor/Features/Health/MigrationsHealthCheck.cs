using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace CrmBlazor.Features.Health;

/// <summary>
/// Unhealthy while a migration this build carries is not in __EFMigrationsHistory: during a rolling upgrade a
/// node of the new version gets no traffic before <c>./crm db migrate</c> has run. Migrations the database has
/// and this build lacks are fine: they are the next version's, expand-only while old nodes still serve.
/// </summary>
public sealed class MigrationsHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    // Once up to date, a node stays so (only a Down could undo it, and a Down is a restore in production). Not asking
    // again also keeps the probe off __EFMigrationsHistory, which a running migration locks for the length of its step:
    // every serving node would otherwise turn unready while the next version migrates.
    // One instance per app (a singleton), so the answer is this process's.
    private volatile bool upToDate;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (upToDate) return HealthCheckResult.Healthy();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var dbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>();
            await using var db = await dbFactory.CreateDbContextAsync(timeout.Token);
            var pending = (await db.Database.GetPendingMigrationsAsync(timeout.Token)).ToList();
            if (pending.Count > 0)
                return HealthCheckResult.Unhealthy($"{pending.Count} migration(s) pending, first {pending[0]}: run ./crm db migrate.");
            upToDate = true;
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The migrations could not be read (a migration may be running).", ex);
        }
    }
}

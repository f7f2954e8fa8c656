using CrmBlazor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace CrmBlazor.Setup;

/// <summary>
/// How `migrate` waits for locks: Migrations:LockTimeout (5 s) for any one lock, then the step is rolled back and
/// tried again after Migrations:RetryPause (15 s), Migrations:Attempts (4) times in all.
/// </summary>
public sealed record MigrationLocks(TimeSpan LockTimeout, TimeSpan RetryPause, int Attempts)
{
    public static MigrationLocks From(IConfiguration configuration) => new(
        configuration.GetValue("Migrations:LockTimeout", TimeSpan.FromSeconds(5)),
        configuration.GetValue("Migrations:RetryPause", TimeSpan.FromSeconds(15)),
        Math.Max(1, configuration.GetValue("Migrations:Attempts", 4)));
}

/// <summary>
/// Applies migrations while the app keeps serving (rolling upgrades). Every statement runs with a lock_timeout:
/// an ALTER TABLE waiting behind a long transaction would otherwise hold every reader and writer of the table in
/// the queue behind it for as long. A step that times out is rolled back (each migration is its own transaction)
/// and the run tried again after a pause, from where it stopped; after the last attempt it fails with the step's
/// name. The connection must go to PostgreSQL itself, not through a transaction-pooling PgBouncer: the lock_timeout
/// is a startup option of the connection, and the concurrent index builds (<see cref="ConcurrentIndexes"/>) need a
/// session of their own.
/// </summary>
public static class SchemaMigrator
{
    public static async Task<IReadOnlyList<string>> MigrateAsync(
        string ownerConnectionString, string? target, MigrationLocks locks, TextWriter log, CancellationToken ct = default)
    {
        var connectionString = WithLockTimeout(ownerConnectionString, locks.LockTimeout);
        for (var attempt = 1; ; attempt++)
        {
            await using var dataSource = new NpgsqlDataSourceBuilder(connectionString).Build();
            var options = new DbContextOptionsBuilder<CrmDbContext>();
            DataRegistration.Configure(options, dataSource);
            await using var db = new CrmDbContext(options.Options);
            // No command timeout: building an index on a large table takes minutes, and lock waits have their own limit.
            db.Database.SetCommandTimeout(0);
            try
            {
                await db.GetService<IMigrator>().MigrateAsync(target, ct);
                return (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
            }
            catch (Exception ex) when (LockTimedOut(ex) is { } timedOut)
            {
                var step = await NextStepAsync(db, target, ct);
                if (attempt == locks.Attempts)
                    throw new InvalidOperationException(
                        $"migration {step} waited more than {Seconds(locks.LockTimeout)} for a lock {attempt} times ({timedOut.MessageText}), " +
                        "and was rolled back each time. A long transaction holds the table it changes: find it in pg_stat_activity " +
                        "(state 'idle in transaction', old xact_start), end it, and migrate again.", ex);
                await log.WriteLineAsync(
                    $"Migration {step} waited more than {Seconds(locks.LockTimeout)} for a lock ({timedOut.MessageText}) and was rolled back; " +
                    $"attempt {attempt + 1} of {locks.Attempts} in {Seconds(locks.RetryPause)}.");
                await Task.Delay(locks.RetryPause, ct);
            }
        }
    }

    /// <summary>OWNER with lock_timeout set for every session it opens (kept beside any options it already has).</summary>
    public static string WithLockTimeout(string connectionString, TimeSpan lockTimeout)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = $"{builder.Options} -c lock_timeout={(long)lockTimeout.TotalMilliseconds}".Trim();
        return builder.ToString();
    }

    private static PostgresException? LockTimedOut(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable } postgres) return postgres;
        return null;
    }

    // The migration that timed out: going up, the first one still pending; going down, the last one still applied.
    private static async Task<string> NextStepAsync(CrmDbContext db, string? target, CancellationToken ct)
    {
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
        var goingDown = target is not null && (target == Migration.InitialDatabase || applied.Any(id => id == target || id.EndsWith("_" + target)));
        return (goingDown ? applied.LastOrDefault() : (await db.Database.GetPendingMigrationsAsync(ct)).FirstOrDefault()) ?? "(none)";
    }

    private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0.###} s";
}

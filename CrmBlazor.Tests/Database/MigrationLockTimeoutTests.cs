using CrmBlazor.Setup;
using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// `migrate` waits a bounded time for each lock (SchemaMigrator): a migration blocked by a writer's open transaction
/// is rolled back and tried again, then given up with its name, instead of queueing every other writer behind it.
/// Webhooks adds triggers to contacts, so a transaction that has written contacts and stays open blocks it.
/// </summary>
public sealed class MigrationLockTimeoutTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    private const string Before = "ApiSalesIndexes";
    private const string Blocked = "20261203170000_Webhooks";

    [Fact]
    public async Task A_migration_that_cannot_get_its_lock_is_rolled_back_retried_and_then_refused_with_its_name()
    {
        await PostgresCluster.MigrateAsync(database.OwnerConnectionString, Before);
        await using var writer = await OpenWriterTransactionAsync();
        var log = new Lines();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => SchemaMigrator.MigrateAsync(
            database.OwnerConnectionString, null, new MigrationLocks(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(50), 3), log,
            TestContext.Current.CancellationToken));

        Assert.StartsWith($"migration {Blocked} waited more than 0.2 s for a lock 3 times", refused.Message);
        Assert.Contains("pg_stat_activity", refused.Message);
        Assert.Equal(2, log.All.Count(line => line.StartsWith($"Migration {Blocked} waited more than 0.2 s for a lock")));
        Assert.False(await WebhookTablesExistAsync(), "the timed-out step left nothing behind");
    }

    [Fact]
    public async Task A_migration_blocked_for_a_moment_applies_on_its_next_attempt()
    {
        await PostgresCluster.MigrateAsync(database.OwnerConnectionString, Before);
        var writer = await OpenWriterTransactionAsync();
        var log = new Lines();
        // The writer commits as soon as the first attempt has given up.
        var release = log.First.ContinueWith(async _ => await writer.DisposeAsync(), TaskScheduler.Default).Unwrap();

        var applied = await SchemaMigrator.MigrateAsync(
            database.OwnerConnectionString, null, new MigrationLocks(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200), 10), log,
            TestContext.Current.CancellationToken);
        await release;

        Assert.StartsWith($"Migration {Blocked} waited more than 0.2 s for a lock", log.All[0]);
        Assert.Contains(Blocked, applied);
        Assert.True(await WebhookTablesExistAsync());
    }

    /// <summary>A writer of contacts, as the app's role, whose transaction stays open until disposed (then commits).</summary>
    private async Task<OpenTransaction> OpenWriterTransactionAsync()
    {
        var session = await DbSession.OpenAsync(database.AppConnectionString);
        await session.CreateTenantAsync();
        var transaction = await session.Connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await session.ExecuteAsync("INSERT INTO contacts (first_name) VALUES ('Held open')");
        return new OpenTransaction(session, transaction);
    }

    private sealed class OpenTransaction(DbSession session, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.CommitAsync();
            await session.DisposeAsync();
        }
    }

    private async Task<bool> WebhookTablesExistAsync()
    {
        await using var session = await DbSession.OpenAsync(database.OwnerConnectionString);
        return await session.ScalarAsync<bool>("SELECT to_regclass('public.webhook_endpoints') IS NOT NULL");
    }

    /// <summary>What the migrator logged, line by line; <see cref="First"/> completes with the first line.</summary>
    private sealed class Lines : StringWriter
    {
        private readonly TaskCompletionSource<string> first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<string> lines = [];

        public Task<string> First => first.Task;
        public IReadOnlyList<string> All { get { lock (lines) return [.. lines]; } }

        public override Task WriteLineAsync(string? value)
        {
            lock (lines) lines.Add(value ?? "");
            first.TrySetResult(value ?? "");
            return Task.CompletedTask;
        }
    }
}

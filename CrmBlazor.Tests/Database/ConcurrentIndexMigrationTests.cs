using System.Diagnostics;
using CrmBlazor.Migrations;
using CrmBlazor.Setup;
using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// Rolling upgrades: a migration adds an index to a million-row contacts table while eight writers (the app's role,
/// each insert or update its own transaction) keep going, and none of their writes waits a second. The plain
/// CREATE INDEX beside it shows the same load does make writers wait when the build locks the table.
/// </summary>
public sealed class ConcurrentIndexMigrationTests(MillionContacts data) : IClassFixture<MillionContacts>
{
    private const int Writers = 8;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task The_email_index_migration_keeps_every_write_under_a_second_on_a_million_contacts()
    {
        var locks = new MigrationLocks(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), Attempts: 1);

        var (build, writes) = await WhileWritingAsync(() => SchemaMigrator.MigrateAsync(
            data.Database.OwnerConnectionString, nameof(ContactListByEmailIndex), locks, TextWriter.Null, TestContext.Current.CancellationToken));

        Assert.True(await data.IndexIsValidAsync(ContactListByEmailIndex.IndexName), "the index exists and is valid");
        var during = writes.Where(w => w.Start >= build.Start && w.End <= build.End).ToList();
        Assert.All(Enumerable.Range(0, Writers), writer =>
            Assert.True(during.Count(w => w.Writer == writer) >= 10, $"writer {writer} made {during.Count(w => w.Writer == writer)} writes during the {build.Length.TotalSeconds:0.0} s build"));
        var slowest = writes.MaxBy(w => w.Length)!;
        Assert.True(slowest.Length < Bound,
            $"a write waited {slowest.Length.TotalMilliseconds:0} ms during the {build.Length.TotalSeconds:0.0} s build ({writes.Count} writes)");
    }

    [Fact]
    public async Task A_plain_index_build_makes_the_same_writers_wait_for_the_whole_build()
    {
        const string probe = "ix_contacts_probe_plain_build";
        try
        {
            var (build, writes) = await WhileWritingAsync(() => PostgresCluster.ExecuteAsync(data.Database.OwnerConnectionString,
                $"CREATE INDEX {probe} ON contacts (tenant_id, (email IS NULL), email, id) WHERE deleted_at IS NULL"));

            var slowest = writes.MaxBy(w => w.Length)!;
            // The build must last past the bound for either test to prove anything; then a writer waits about that long.
            Assert.True(build.Length > Bound, $"the plain build took only {build.Length.TotalMilliseconds:0} ms");
            Assert.True(slowest.Length > Bound, $"the slowest write took {slowest.Length.TotalMilliseconds:0} ms during a {build.Length.TotalMilliseconds:0} ms build");
        }
        finally
        {
            await PostgresCluster.ExecuteAsync(data.Database.OwnerConnectionString, $"DROP INDEX IF EXISTS {probe}");
        }
    }

    private sealed record Span(int Writer, TimeSpan Start, TimeSpan End)
    {
        public TimeSpan Length => End - Start;
    }

    /// <summary>Runs BUILD once all writers have written, stops them when it ends; returns its span and every write's.</summary>
    private async Task<(Span Build, List<Span> Writes)> WhileWritingAsync(Func<Task> build)
    {
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var warm = Enumerable.Range(0, Writers).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var writers = Enumerable.Range(0, Writers).Select(i => Task.Run(() => WriteUntilAsync(i, clock, warm[i], stop.Token))).ToArray();
        Span buildSpan;
        try
        {
            // A writer that fails before its first write ends the wait too, and its error is the test's.
            await Task.WhenAny(Task.WhenAll(warm.Select(w => w.Task)), Task.WhenAny(writers))
                .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            foreach (var finished in writers.Where(w => w.IsCompleted)) await finished;
            var start = clock.Elapsed;
            await build();
            buildSpan = new Span(-1, start, clock.Elapsed);
        }
        finally
        {
            stop.Cancel();
        }
        var writes = (await Task.WhenAll(writers)).SelectMany(w => w).ToList();
        return (buildSpan, writes);
    }

    // Inserts a contact, then updates one of the million (found by email, as a form's save would), again and again;
    // each write is its own transaction that sets the tenant and user for itself.
    private async Task<List<Span>> WriteUntilAsync(int writer, Stopwatch clock, TaskCompletionSource warm, CancellationToken stop)
    {
        var spans = new List<Span>();
        var random = new Random(writer);
        await using var connection = new NpgsqlConnection(data.Database.AppConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var start = clock.Elapsed;
            await using (var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken))
            {
                await using var batch = new NpgsqlBatch(connection, transaction);
                batch.BatchCommands.Add(Command("SELECT set_config('app.tenant_id', @t::text, true), set_config('app.user_id', @u::text, true)",
                    ("t", data.Tenant.Id), ("u", data.Tenant.OwnerId)));
                batch.BatchCommands.Add(n % 2 == 0
                    ? Command("INSERT INTO contacts (first_name, last_name, email) VALUES ('Writer', @last, @email)",
                        ("last", $"W{writer}-{n}"), ("email", $"w{writer}-{n}-{Guid.NewGuid():N}@example.test"))
                    : Command("UPDATE contacts SET job_title = @job WHERE tenant_id = @t AND lower(email) = @email AND deleted_at IS NULL",
                        ("job", $"Title {n}"), ("t", data.Tenant.Id), ("email", $"c{random.Next(1, MillionContacts.Rows + 1)}@example.test")));
                await batch.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
                await transaction.CommitAsync(TestContext.Current.CancellationToken);
            }
            spans.Add(new Span(writer, start, clock.Elapsed));
            warm.TrySetResult();
        }
        return spans;
    }

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }
}

using CrmBlazor.Features.Import;
using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Import;

/// <summary>
/// Who runs a job: one runner at a time, holding it by a lease it renews; a job whose lease ran out is taken
/// over; a runner whose job was taken over stops; a job whose runners keep dying is failed. The app under
/// test runs no runner of its own (Import:RunJobs=false); the tests drive runners themselves.
/// </summary>
public sealed class ImportRunnerTests(CrmDatabase database) : IClassFixture<CrmDatabase>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private CrmAppFactory app = default!;

    public async ValueTask InitializeAsync()
    {
        app = RunnerTestJobs.NewApp(database);
        await app.SeedDemoAsync();
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private const string Claim = "select job_id from crm_next_import_job(@runner, @lease)";

    private static Task<long> ImportedAsync(DbSession session, QueuedImport job) =>
        session.CountAsync("contacts where email like @e", ("e", $"%.{job.Marker}@example.com"));

    /// <summary>Three runners run every queued job until none is left; how many jobs each ran.</summary>
    private async Task<int> RaceAsync()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            var runner = app.NewRunner();
            var ran = 0;
            while (await runner.RunNextAsync(Ct)) ran++;
            return ran;
        }));
        return runs.Sum();
    }

    [Fact]
    public async Task Runners_racing_for_many_jobs_run_each_phase_of_each_job_once()
    {
        var jobs = new List<(QueuedImport Job, int Rows)>();
        for (var rows = 3; rows < 9; rows++) jobs.Add((await app.QueueReviewAsync(rows), rows));
        await using var session = await jobs[0].Job.Steps.OpenSessionAsync(DemoTenant.Member);
        async Task<int> ClaimsAsync(QueuedImport job) =>
            await session.ScalarAsync<int>("select claims from import_jobs where id = @j", ("j", job.JobId));

        Assert.Equal(jobs.Count, await RaceAsync());
        foreach (var (job, rows) in jobs)
        {
            Assert.Equal(("ready", 1), ((await job.Steps.Service.ProgressAsync(job.JobId))!.Status, await ClaimsAsync(job)));
            Assert.Equal((long)rows, await session.CountAsync("import_rows where job_id = @j", ("j", job.JobId)));
            Assert.True((await job.Steps.Service.StartAsync(job.JobId)).Succeeded);
        }

        Assert.Equal(jobs.Count, await RaceAsync());
        foreach (var (job, rows) in jobs)
        {
            Assert.Equal(new ImportCounts(rows, 0, 0, 0), (await job.Steps.Service.ProgressAsync(job.JobId))!.Result);
            Assert.Equal(1, await ClaimsAsync(job));
            Assert.Equal((long)rows, await ImportedAsync(session, job));
        }
        Assert.False(await app.NewRunner().RunNextAsync(Ct));
    }

    [Fact]
    public async Task A_job_under_another_runners_lease_is_not_claimed_and_is_taken_over_once_the_lease_runs_out()
    {
        var job = await app.QueueWriteAsync(3);
        await using var session = await job.Steps.OpenSessionAsync(DemoTenant.Member);
        await using (var otherNode = await DbSession.OpenAsync(database.AppConnectionString))
            Assert.Equal(job.JobId, await otherNode.ScalarAsync<Guid>(Claim, ("runner", "a node that dies"), ("lease", TimeSpan.FromHours(1))));

        Assert.False(await app.NewRunner().RunNextAsync(Ct));
        Assert.Equal("importing", (await job.Steps.Service.ProgressAsync(job.JobId))!.Status);

        // The other node died without a word; its lease runs out.
        await session.ExecuteAsync("update import_jobs set lease_until = now() - interval '1 second' where id = @j", ("j", job.JobId));
        Assert.True(await app.NewRunner().RunNextAsync(Ct));

        Assert.Equal(new ImportCounts(3, 0, 0, 0), (await job.Steps.Service.ProgressAsync(job.JobId))!.Result);
        Assert.Equal(2, await session.ScalarAsync<int>("select claims from import_jobs where id = @j", ("j", job.JobId)));
        Assert.False(await session.ScalarAsync<bool>("select search_pending from import_jobs where id = @j", ("j", job.JobId)));
        Assert.Equal(3L, await ImportedAsync(session, job));
        Assert.Equal(0L, await session.CountAsync("audit_logs where event = 'import.fail' and record_id = @j", ("j", job.JobId)));
    }

    [Fact]
    public async Task A_cancelled_job_whose_runner_died_stays_cancelled()
    {
        var job = await app.QueueWriteAsync(3);
        await using var session = await job.Steps.OpenSessionAsync(DemoTenant.Member);
        await session.ScalarAsync<Guid>(Claim, ("runner", "a node that dies"), ("lease", TimeSpan.FromHours(1)));
        Assert.True((await job.Steps.Service.CancelAsync(job.JobId)).Succeeded);
        await session.ExecuteAsync("update import_jobs set lease_until = now() - interval '1 second' where id = @j", ("j", job.JobId));

        Assert.True(await app.NewRunner().RunNextAsync(Ct));

        Assert.Equal("cancelled", (await job.Steps.Service.ProgressAsync(job.JobId))!.Status);
        Assert.Equal(0L, await ImportedAsync(session, job));
        Assert.False(await app.NewRunner().RunNextAsync(Ct));
    }

    [Fact]
    public async Task A_job_whose_runners_keep_dying_is_failed_with_a_sentence_and_audited()
    {
        var job = await app.QueueWriteAsync(2);
        await using var session = await job.Steps.OpenSessionAsync(DemoTenant.Member);
        for (var died = 1; died <= ImportJobRun.MaxClaims; died++)
        {
            Assert.Equal(job.JobId, await session.ScalarAsync<Guid>(Claim, ("runner", $"node {died}"), ("lease", TimeSpan.FromHours(1))));
            await session.ExecuteAsync("update import_jobs set lease_until = now() - interval '1 second' where id = @j", ("j", job.JobId));
        }

        Assert.True(await app.NewRunner().RunNextAsync(Ct));

        var failed = (await job.Steps.Service.ProgressAsync(job.JobId))!;
        Assert.Equal(("failed", ImportJobRun.StoppedWhileWriting), (failed.Status, failed.Problem));
        Assert.Equal(1L, await session.CountAsync("audit_logs where event = 'import.fail' and record_id = @j", ("j", job.JobId)));
        Assert.Equal(0L, await ImportedAsync(session, job));
    }

    /// <summary>
    /// A job whose write waits on a tag the test is creating in a transaction it keeps open: the job creates the same tag
    /// for every row, so its write blocks on the unique name until the test's transaction ends.
    /// </summary>
    private async Task<(QueuedImport Job, DbSession Blocker)> BlockedWriteAsync()
    {
        var tag = $"Slow {Guid.NewGuid():N}"[..20];
        var job = await app.QueueWriteAsync(3, upload => new ImportSettings(upload.Suggested, TagsForEveryRow: [tag]));
        var blocker = await job.Steps.OpenSessionAsync(DemoTenant.Member);
        await blocker.ExecuteAsync("begin");
        await blocker.ExecuteAsync("insert into tags (name, color) values (@n, '#607D8B')", ("n", tag));
        return (job, blocker);
    }

    private static async Task UntilWaitingOnTheTagAsync(DbSession session) =>
        await RunnerTestJobs.UntilAsync(async () => await session.CountAsync(
            "pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like '%INSERT INTO tags%'") > 0,
            "the job's write to wait on the tag");

    [Fact]
    public async Task A_runner_renews_its_lease_while_its_job_runs_so_no_other_runner_takes_it()
    {
        var (job, blocker) = await BlockedWriteAsync();
        await using var _ = blocker;
        await using var session = await job.Steps.OpenSessionAsync(DemoTenant.Member);
        var running = app.NewRunner().RunNextAsync(Ct);
        await UntilWaitingOnTheTagAsync(session);

        // Past the lease the claim gave: only renewals keep it.
        await RunnerTestJobs.UntilAsync(() => session.ScalarAsync<bool>(
            $"select now() > claimed_at + interval '{RunnerTestJobs.LeaseSeconds + 1} seconds' from import_jobs where id = @j", ("j", job.JobId)),
            "the first lease to have run out");
        Assert.True(await session.ScalarAsync<bool>("select lease_until > now() from import_jobs where id = @j", ("j", job.JobId)));
        Assert.False(await app.NewRunner().RunNextAsync(Ct));

        await blocker.ExecuteAsync("rollback");
        Assert.True(await running);
        Assert.Equal(new ImportCounts(3, 0, 0, 0), (await job.Steps.Service.ProgressAsync(job.JobId))!.Result);
        Assert.Equal(1, await session.ScalarAsync<int>("select claims from import_jobs where id = @j", ("j", job.JobId)));
    }

    [Fact]
    public async Task A_runner_whose_job_was_taken_over_stops_and_leaves_the_job_to_the_new_runner()
    {
        var (job, blocker) = await BlockedWriteAsync();
        await using var _ = blocker;
        await using var session = await job.Steps.OpenSessionAsync(DemoTenant.Member);
        var running = app.NewRunner().RunNextAsync(Ct);
        await UntilWaitingOnTheTagAsync(session);

        // What a take-over after the lease ran out leaves in the row (the runner's own lock keeps real runners off meanwhile).
        await session.ExecuteAsync(
            "update import_jobs set claimed_by = 'the new runner', lease_until = now() + interval '1 hour' where id = @j", ("j", job.JobId));

        // Without noticing, the runner would wait on the tag for as long as the test keeps it.
        await RunnerTestJobs.UntilAsync(() => Task.FromResult(running.IsCompleted), "the runner to stop");
        Assert.True(await running);
        await blocker.ExecuteAsync("rollback");
        var progress = (await job.Steps.Service.ProgressAsync(job.JobId))!;
        Assert.Equal("importing", progress.Status);
        Assert.Equal("the new runner", await session.ScalarAsync<string>("select claimed_by from import_jobs where id = @j", ("j", job.JobId)));
        Assert.Equal(0L, await ImportedAsync(session, job));
        Assert.Equal(0L, await session.CountAsync("audit_logs where event = 'import.fail' and record_id = @j", ("j", job.JobId)));
    }

    [Fact]
    public async Task The_claim_refuses_a_runner_without_a_name_or_lease()
    {
        await using var session = await DbSession.OpenAsync(database.AppConnectionString);
        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            session.ScalarAsync<Guid?>(Claim, ("runner", " "), ("lease", TimeSpan.FromSeconds(30))));
        Assert.Equal("22023", refused.SqlState);
    }
}

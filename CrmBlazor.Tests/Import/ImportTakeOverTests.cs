using CrmBlazor.Features.Import;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Import;

/// <summary>
/// A node killed (SIGKILL: no shutdown code runs) in the middle of a job: its lease runs out, another runner
/// takes the job over and finishes it, and every row of the file is there exactly once.
/// </summary>
public sealed class ImportTakeOverTests(CrmDatabase database) : IClassFixture<CrmDatabase>, IAsyncLifetime
{
    private CrmAppFactory app = default!;

    public async ValueTask InitializeAsync()
    {
        app = RunnerTestJobs.NewApp(database);
        await app.SeedDemoAsync();
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task A_job_whose_node_is_killed_during_the_write_is_taken_over_and_imports_every_row_once()
    {
        const int rows = 5_000;
        var job = await app.QueueWriteAsync(rows);
        await app.KillARunnerNodeWhenAsync(job, progress => progress.RowsWritten > 0);
        await using var session = await job.Steps.OpenSessionAsync(DemoTenant.Member);
        var emails = $"%.{job.Marker}@example.com";
        // The killed node's write transaction died with it.
        Assert.Equal(0L, await session.CountAsync("contacts where email like @e", ("e", emails)));

        await app.TakeOverAsync();

        var done = (await job.Steps.Service.ProgressAsync(job.JobId))!;
        Assert.Equal(("completed", new ImportCounts(rows, 0, 0, 0)), (done.Status, done.Result));
        Assert.Equal((long)rows, await session.CountAsync("contacts where email like @e", ("e", emails)));
        Assert.Equal((long)rows, await session.ScalarAsync<long>(
            "select count(distinct lower(email)) from contacts where email like @e", ("e", emails)));
        Assert.Equal((long)rows, await session.CountAsync(
            "contacts c join import_rows r on r.record_id = c.id where r.job_id = @j", ("j", job.JobId)));
        Assert.Equal(2, await session.ScalarAsync<int>("select claims from import_jobs where id = @j", ("j", job.JobId)));
        Assert.Equal(0L, await session.CountAsync("audit_logs where event = 'import.fail' and record_id = @j", ("j", job.JobId)));
        Assert.Equal(1L, await session.CountAsync("audit_logs where event = 'import.complete' and record_id = @j", ("j", job.JobId)));
    }

    [Fact]
    public async Task A_job_whose_node_is_killed_during_the_review_is_taken_over_and_reads_every_row_once()
    {
        // More rows than the read phase's batch, so the node dies with some batches committed and some not.
        const int rows = 25_000;
        var job = await app.QueueReviewAsync(rows);
        await app.KillARunnerNodeWhenAsync(job, progress => progress.RowsRead > 0);

        await app.TakeOverAsync();

        var reviewed = (await job.Steps.Service.ProgressAsync(job.JobId))!;
        Assert.Equal("ready", reviewed.Status);
        await using var session = await job.Steps.OpenSessionAsync(DemoTenant.Member);
        Assert.Equal((long)rows, await session.CountAsync("import_rows where job_id = @j", ("j", job.JobId)));
        Assert.Equal(rows, await session.ScalarAsync<int>("select total_rows from import_jobs where id = @j", ("j", job.JobId)));
        Assert.Equal(2, await session.ScalarAsync<int>("select claims from import_jobs where id = @j", ("j", job.JobId)));
    }
}

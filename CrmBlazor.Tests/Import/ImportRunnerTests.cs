using System.Diagnostics;
using CrmBlazor.Features.Import;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CrmBlazor.Tests.Import;

/// <summary>
/// Who runs a job: never two runners at once, a job whose runner died is failed, and a process killed
/// during the write leaves none of the job's rows. The app under test runs no runner of its own
/// (Import:RunJobs=false); the tests drive runners, or a separate app process, themselves.
/// </summary>
public sealed class ImportRunnerTests(CrmDatabase database) : IClassFixture<CrmDatabase>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private CrmAppFactory app = default!;

    public async ValueTask InitializeAsync()
    {
        app = new CrmAppFactory(database.AppConnectionString, runImportJobs: false);
        await app.SeedDemoAsync();
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    private ImportRunner NewRunner() => ActivatorUtilities.CreateInstance<ImportRunner>(app.Services);

    /// <summary>A reviewed and started job of <paramref name="rows"/> contacts, queued for the write; reviewed by a runner of the test's own.</summary>
    private async Task<(ImportSteps Steps, Guid JobId, string Marker)> QueuedWriteAsync(int rows)
    {
        var steps = await ImportSteps.ActAsAsync(app, DemoTenant.Member);
        var marker = Guid.NewGuid().ToString("N")[..8];
        var upload = await steps.UploadAsync(ImportSteps.ManyContacts(rows, marker));
        Assert.True((await steps.Service.ReviewAsync(upload.JobId, new ImportSettings(upload.Suggested))).Succeeded);
        Assert.True(await NewRunner().RunNextAsync(Ct));
        Assert.Equal("ready", (await steps.Service.ProgressAsync(upload.JobId))!.Status);
        Assert.True((await steps.Service.StartAsync(upload.JobId)).Succeeded);
        return (steps, upload.JobId, marker);
    }

    [Fact]
    public async Task Two_runners_never_run_the_same_job()
    {
        var (steps, jobId, marker) = await QueuedWriteAsync(3);
        // Unpooled: closing it ends the session and so releases the lock, as a node that stops would.
        var unpooled = new NpgsqlConnectionStringBuilder(database.AppConnectionString) { Pooling = false }.ConnectionString;
        await using (var otherNode = await DbSession.OpenAsync(unpooled))
        {
            Assert.Equal(jobId, await otherNode.ScalarAsync<Guid>("select job_id from crm_next_import_job()"));

            Assert.False(await NewRunner().RunNextAsync(Ct));
            Assert.Equal("importing", (await steps.Service.ProgressAsync(jobId))!.Status);
            // A stopping node's session releases the lock, but the server ends a closed connection's session only
            // a moment later; release it here so the runners below do not race that.
            await otherNode.ExecuteAsync("select pg_advisory_unlock_all()");
        }

        var (first, second) = (NewRunner(), NewRunner());
        var ran = await Task.WhenAll(first.RunNextAsync(Ct), second.RunNextAsync(Ct));

        Assert.Equal(1, ran.Count(r => r));
        Assert.Equal(new ImportCounts(3, 0, 0, 0), (await steps.Service.ProgressAsync(jobId))!.Result);
        Assert.False(await NewRunner().RunNextAsync(Ct));
    }

    [Fact]
    public async Task A_job_whose_runner_is_gone_is_failed_with_a_sentence_and_audited()
    {
        var (steps, jobId, _) = await QueuedWriteAsync(2);
        await using var session = await steps.OpenSessionAsync(DemoTenant.Member);
        await session.ExecuteAsync("update import_jobs set claimed_by = 'a node that died' where id = @j", ("j", jobId));

        Assert.True(await NewRunner().RunNextAsync(Ct));

        var failed = (await steps.Service.ProgressAsync(jobId))!;
        Assert.Equal(("failed", ImportJobRun.StoppedWhileWriting), (failed.Status, failed.Problem));
        Assert.Equal(1L, await session.CountAsync("audit_logs where event = 'import.fail' and record_id = @j", ("j", jobId)));
    }

    [Fact]
    public async Task Killing_the_app_during_the_write_leaves_none_of_the_jobs_rows_and_the_job_failed()
    {
        var (steps, jobId, marker) = await QueuedWriteAsync(5_000);
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(dotnet, ["CrmBlazor.dll", "import-runner"])
        {
            WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__Crm"] = database.AppConnectionString;
        start.Environment["Import__WriteBatchRows"] = CrmAppFactory.ImportWriteBatchRows.ToString();
        using var node = Process.Start(start)!;
        try
        {
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            patience.CancelAfter(ImportSteps.Patience);
            while ((await steps.Service.ProgressAsync(jobId))!.RowsWritten == 0)
            {
                if (node.HasExited) Assert.Fail("The import runner process ended: " + await node.StandardError.ReadToEndAsync(Ct));
                await Task.Delay(10, patience.Token);
            }
        }
        finally
        {
            node.Kill(entireProcessTree: true);   // SIGKILL: no shutdown code runs
            await node.WaitForExitAsync(Ct);
        }
        await using var session = await steps.OpenSessionAsync(DemoTenant.Member);
        Assert.Equal(0L, await session.CountAsync("contacts where email like @e", ("e", $"%.{marker}@example.com")));

        Assert.True(await NewRunner().RunNextAsync(Ct));

        var failed = (await steps.Service.ProgressAsync(jobId))!;
        Assert.Equal(("failed", ImportJobRun.StoppedWhileWriting), (failed.Status, failed.Problem));
        Assert.Equal(0L, await session.CountAsync("contacts where email like @e", ("e", $"%.{marker}@example.com")));
        Assert.Equal(0L, await session.CountAsync(
            "contacts c join import_rows r on r.record_id = c.id where r.job_id = @j", ("j", jobId)));
    }
}

using System.Diagnostics;
using CrmBlazor.Features.Import;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Import;

/// <summary>A job queued for runners, as the demo Member made it; its contacts' emails end in ".<see cref="Marker"/>@example.com".</summary>
public sealed record QueuedImport(ImportSteps Steps, Guid JobId, string Marker);

/// <summary>
/// Jobs for tests that drive import runners themselves: the app under test runs none (Import:RunJobs=false),
/// and its leases last <see cref="LeaseSeconds"/>, so a take-over comes seconds after a runner dies.
/// </summary>
public static class RunnerTestJobs
{
    public const int LeaseSeconds = 2;

    public static CrmAppFactory NewApp(CrmDatabase database) =>
        new(database.AppConnectionString, runImportJobs: false,
            new Dictionary<string, string> { ["Import:LeaseSeconds"] = LeaseSeconds.ToString() });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static ImportRunner NewRunner(this CrmAppFactory app) => ActivatorUtilities.CreateInstance<ImportRunner>(app.Services);

    /// <summary>A job of <paramref name="rows"/> contacts queued for its review (validating).</summary>
    public static async Task<QueuedImport> QueueReviewAsync(
        this CrmAppFactory app, int rows, Func<ImportUpload, ImportSettings>? settings = null)
    {
        var steps = await ImportSteps.ActAsAsync(app, DemoTenant.Member);
        var marker = Guid.NewGuid().ToString("N")[..8];
        var upload = await steps.UploadAsync(ImportSteps.ManyContacts(rows, marker));
        var reviewing = await steps.Service.ReviewAsync(upload.JobId, settings?.Invoke(upload) ?? new ImportSettings(upload.Suggested));
        Assert.True(reviewing.Succeeded, reviewing.Problem);
        return new QueuedImport(steps, upload.JobId, marker);
    }

    /// <summary>A job of <paramref name="rows"/> contacts reviewed by a runner of the test's own and queued for its write (importing).</summary>
    public static async Task<QueuedImport> QueueWriteAsync(
        this CrmAppFactory app, int rows, Func<ImportUpload, ImportSettings>? settings = null)
    {
        var job = await app.QueueReviewAsync(rows, settings);
        Assert.True(await app.NewRunner().RunNextAsync(Ct));
        Assert.Equal("ready", (await job.Steps.Service.ProgressAsync(job.JobId))!.Status);
        Assert.True((await job.Steps.Service.StartAsync(job.JobId)).Succeeded);
        return job;
    }

    /// <summary>Waits, up to <see cref="ImportSteps.Patience"/>, until <paramref name="condition"/> holds.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, string what) => Until.TrueAsync(condition, ImportSteps.Patience, what);

    /// <summary>
    /// Starts a node that only runs imports (<c>CrmBlazor.dll import-runner</c>, with this class's lease) and kills it
    /// with SIGKILL, so that no shutdown code runs, as soon as <paramref name="busy"/> holds of the job's progress.
    /// </summary>
    public static async Task KillARunnerNodeWhenAsync(this CrmAppFactory app, QueuedImport job, Func<ImportProgress, bool> busy)
    {
        var start = AppProcess.StartInfo(new Dictionary<string, string>
        {
            ["ConnectionStrings__Crm"] = app.AppConnectionString,
            ["Import__WriteBatchRows"] = CrmAppFactory.ImportWriteBatchRows.ToString(),
            ["Import__LeaseSeconds"] = LeaseSeconds.ToString(),
        }, "import-runner");
        using var node = Process.Start(start)!;
        try
        {
            await UntilAsync(async () =>
            {
                if (node.HasExited) Assert.Fail("The import runner process ended: " + await node.StandardError.ReadToEndAsync(Ct));
                return busy((await job.Steps.Service.ProgressAsync(job.JobId))!);
            }, "the runner node to be busy with the job");
        }
        finally
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync(Ct);
        }
    }

    /// <summary>Runs runners until one has claimed a job (a dead runner's lease has to run out first) and run it.</summary>
    public static Task TakeOverAsync(this CrmAppFactory app) =>
        UntilAsync(() => app.NewRunner().RunNextAsync(Ct), "a runner to take the job over");
}

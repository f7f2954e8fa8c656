using System.Text;
using CrmBlazor.Features.Import;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Import;

/// <summary>Drives an import through its service as a demo user, waiting on the job's own status (the app's runner runs it).</summary>
public sealed class ImportSteps(CrmAppFactory app, AsyncServiceScope scope)
{
    // Generous: the test machine is shared, and a 50,000-row review takes seconds alone but minutes under load.
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    public ImportService Service => scope.ServiceProvider.GetRequiredService<ImportService>();

    public static async Task<ImportSteps> ActAsAsync(CrmAppFactory app, string email) =>
        new(app, await DemoTenant.ActAsAsync(app, email));

    public async Task<ImportUpload> UploadAsync(string csv, ImportKind kind = ImportKind.Contacts, string fileName = "people.csv")
    {
        var (upload, problem) = await Service.UploadAsync(kind, fileName, new MemoryStream(Encoding.UTF8.GetBytes(csv)), TestContext.Current.CancellationToken);
        Assert.True(upload is not null, problem);
        return upload!;
    }

    /// <summary>Uploads, reviews with the suggested mapping (or <paramref name="settings"/>' own) and waits for the review.</summary>
    public async Task<ImportProgress> ReviewAsync(string csv, ImportSettings? settings = null, ImportKind kind = ImportKind.Contacts)
    {
        var upload = await UploadAsync(csv, kind);
        var result = await Service.ReviewAsync(upload.JobId, settings ?? new ImportSettings(upload.Suggested));
        Assert.True(result.Succeeded, result.Problem ?? string.Join("; ", result.Errors.Values));
        var reviewed = await WaitForAsync(upload.JobId, "ready", "failed", "cancelled");
        Assert.True(reviewed.Status == "ready", reviewed.Problem);
        return reviewed;
    }

    /// <summary>Reviews, starts and waits for the job to end.</summary>
    public async Task<ImportProgress> ImportAsync(string csv, ImportSettings? settings = null, ImportKind kind = ImportKind.Contacts)
    {
        var reviewed = await ReviewAsync(csv, settings, kind);
        var started = await Service.StartAsync(reviewed.JobId);
        Assert.True(started.Succeeded, started.Problem);
        return await WaitForAsync(reviewed.JobId, "completed", "failed", "cancelled");
    }

    public async Task<ImportProgress> WaitForAsync(Guid jobId, params string[] statuses)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        patience.CancelAfter(Patience);
        while (true)
        {
            var progress = await Service.ProgressAsync(jobId);
            if (progress is not null && statuses.Contains(progress.Status)) return progress;
            patience.Token.ThrowIfCancellationRequested();
            await Task.Delay(25, patience.Token);
        }
    }

    /// <summary>A contacts CSV of <paramref name="rows"/> valid rows whose emails end in ".<paramref name="marker"/>@example.com".</summary>
    public static string ManyContacts(int rows, string marker)
    {
        var csv = new StringBuilder("First Name,Last Name,Email\n");
        for (var i = 1; i <= rows; i++) csv.Append($"First{i},Last{i},person{i}.{marker}@example.com\n");
        return csv.ToString();
    }

    public Task<DbSession> OpenSessionAsync(string email) => DemoTenant.OpenSessionAsync(app, email);
}

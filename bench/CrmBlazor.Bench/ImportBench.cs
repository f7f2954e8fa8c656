using System.Diagnostics;
using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Account;
using CrmBlazor.Features.Import;
using CrmBlazor.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static CrmBlazor.Bench.BenchSql;

namespace CrmBlazor.Bench;

/// <summary>
/// ./crm bench import: a million-row HubSpot-style contacts file imported through the job's own
/// code path (the app's services and runner, as the runtime role, upload → review → write) into a
/// tenant that already holds a million contacts, against COPY of the same file into a scratch table
/// built like contacts (ImportBaseline), in the same run. Prints both times, the ratio, rows per second
/// and how much the process's memory grew during the job; checks the job's counts exactly and exits 1
/// when they are wrong. The imported rows are removed again afterwards, so every run starts alike.
/// </summary>
public static class ImportBench
{
    private const double RatioTarget = 2.0;
    private const long MemoryTargetBytes = 300L * 1024 * 1024;

    public static async Task<int> RunAsync(BenchDatabase db, string appConnection)
    {
        var tenant = await ContactsData.EnsureTenantAsync(db.Owner, "bench-import", "Bench Import");
        var user = await EnsureImporterAsync(db.Owner, tenant);
        await RemoveImportsAsync(db.Owner, tenant);
        var path = ImportFile.EnsureWritten(await ExistingEmailsAsync(db.Owner, tenant), seed: 7);
        var megabytes = new FileInfo(path).Length / 1024.0 / 1024.0;

        var copy = await ImportBaseline.CopyAsync(db.Owner, tenant, path);

        await using var host = ImportHost.Build(appConnection);
        var run = await ImportThroughJobAsync(host.Services, new TenantSnapshot(tenant, user, Role.Owner), path);
        await RemoveImportsAsync(db.Owner, tenant);

        var ratio = run.Total.TotalSeconds / copy.TotalSeconds;
        Console.WriteLine(
            $"import contacts: app {run.Total.TotalSeconds:F1}s (upload {run.Upload.TotalSeconds:F1}s, review {run.Review.TotalSeconds:F1}s, write {run.Write.TotalSeconds:F1}s; " +
            $"search indexing after the commit {run.SearchIndexing.TotalSeconds:F1}s, not in the ratio) " +
            $"| copy {copy.TotalSeconds:F1}s | ratio={ratio:F2} | {ImportFile.Rows / run.Total.TotalSeconds:N0} rows/s (copy {ImportFile.Rows / copy.TotalSeconds:N0}) " +
            $"| peak memory growth {run.MemoryGrowth / 1024.0 / 1024.0:F0} MB | {run.Counts} | file {megabytes:F0} MB, {ImportFile.Rows:N0} rows " +
            $"| target ratio≤{RatioTarget} memory<{MemoryTargetBytes / 1024 / 1024} MB");

        var expected = new ImportCounts(ImportFile.Rows - ImportFile.ExistingEmailRows, 0, ImportFile.ExistingEmailRows, 0);
        if (run.Counts != expected)
        {
            Console.WriteLine($"The job's counts are wrong: {run.Counts}, expected {expected}.");
            return 1;
        }
        var missed = new List<string>();
        if (ratio > RatioTarget) missed.Add($"ratio {ratio:F2}");
        if (run.MemoryGrowth >= MemoryTargetBytes) missed.Add($"memory growth {run.MemoryGrowth / 1024 / 1024} MB");
        Console.WriteLine(missed.Count == 0 ? "import targets: all met" : $"import targets missed: {string.Join("; ", missed)}");
        return 0;
    }

    private sealed record JobRun(TimeSpan Upload, TimeSpan Review, TimeSpan Write, TimeSpan SearchIndexing, long MemoryGrowth, ImportCounts? Counts)
    {
        public TimeSpan Total => Upload + Review + Write;
    }

    /// <summary>What the import page does, step by step, with the node's runner running each phase to its end.</summary>
    private static async Task<JobRun> ImportThroughJobAsync(IServiceProvider services, TenantSnapshot actingFor, string path)
    {
        var runner = services.GetRequiredService<ImportRunner>();
        await using var scope = services.GetRequiredService<TenantScopes>().Begin(actingFor);
        var imports = scope.ServiceProvider.GetRequiredService<ImportService>();
        await using var memory = PeakMemory.Watch();

        var watch = Stopwatch.StartNew();
        ImportUpload upload;
        await using (var file = File.OpenRead(path))
            upload = (await imports.UploadAsync(ImportKind.Contacts, "hubspot-contacts.csv", file)).Upload
                ?? throw new InvalidOperationException("The upload was refused.");
        var uploaded = watch.Elapsed;
        string[] fields = [ImportFields.FirstName, ImportFields.LastName, ImportFields.Email, ImportFields.Phone, ImportFields.JobTitle];
        if (!upload.Suggested.Select(m => m.Field).SequenceEqual(fields))
            throw new InvalidOperationException($"The HubSpot headers were mapped to {string.Join(", ", upload.Suggested.Select(m => m.Field))}.");

        Demand(await imports.ReviewAsync(upload.JobId, new ImportSettings(upload.Suggested, ExistingRecordPolicy.Skip, CreateMissingCompanies: false)));
        await RunQueuedAsync(runner);
        var reviewed = watch.Elapsed;
        var review = await imports.ProgressAsync(upload.JobId);
        if (review?.Status != ImportJob.Ready)
            throw new InvalidOperationException($"The review ended {review?.Status}: {review?.Problem}");

        Demand(await imports.StartAsync(upload.JobId));
        // The runner writes the job and then, after its commit, indexes the new records for search: the job's
        // time ends at the commit (status completed); the indexing is timed apart.
        var committed = WhenCompletedAsync(services, actingFor, upload.JobId, watch);
        await RunQueuedAsync(runner);
        var indexed = watch.Elapsed;
        var written = await committed;
        var result = await imports.ProgressAsync(upload.JobId);
        if (result?.Status != ImportJob.Completed)
            throw new InvalidOperationException($"The import ended {result?.Status}: {result?.Problem}");

        return new JobRun(uploaded, reviewed - uploaded, written - reviewed, indexed - written, memory.Growth, result.Result);
    }

    /// <summary>When the job's status turned completed, looked for every 50 ms from a scope of its own.</summary>
    private static async Task<TimeSpan> WhenCompletedAsync(IServiceProvider services, TenantSnapshot actingFor, Guid jobId, Stopwatch watch)
    {
        await using var scope = services.GetRequiredService<TenantScopes>().Begin(actingFor);
        var imports = scope.ServiceProvider.GetRequiredService<ImportService>();
        while ((await imports.ProgressAsync(jobId))?.Status is ImportJob.Importing or ImportJob.Ready)
            await Task.Delay(50);
        return watch.Elapsed;
    }

    private static async Task RunQueuedAsync(ImportRunner runner)
    {
        while (await runner.RunNextAsync(CancellationToken.None)) { }
    }

    private static void Demand(Features.Shared.SaveResult result)
    {
        if (!result.Succeeded && result.Problem is not null || result.Errors.Count > 0)
            throw new InvalidOperationException(result.Problem ?? string.Join("; ", result.Errors.Values));
    }

    /// <summary>Emails the tenant already holds, for the file's rows that must be skipped as existing.</summary>
    private static async Task<IReadOnlyList<string>> ExistingEmailsAsync(NpgsqlDataSource owner, Guid tenant)
    {
        await using var connection = await owner.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "select email from contacts where tenant_id = @t and email is not null order by email limit @n", connection);
        command.Parameters.AddWithValue("t", tenant);
        command.Parameters.AddWithValue("n", ImportFile.ExistingEmailRows);
        var emails = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) emails.Add(reader.GetString(0));
        return emails;
    }

    /// <summary>The owner the job acts as (an import needs a user who may edit records).</summary>
    private static async Task<Guid> EnsureImporterAsync(NpgsqlDataSource owner, Guid tenant)
    {
        await using var connection = await owner.OpenConnectionAsync();
        if (await ScalarAsync(connection, "select id from users where email = 'importer@bench-import.local'") is Guid existing) return existing;
        await using var transaction = await connection.BeginTransactionAsync();
        await ActAsTenantAsync(connection, tenant);
        var id = await AddOwnerAsync(connection, tenant, "Bench Importer", "importer@bench-import.local");
        await transaction.CommitAsync();
        return id;
    }

    /// <summary>
    /// Takes the tenant back to its generated million (those rows all share the generating transaction's
    /// created_at): contacts created later (by this run's import or an interrupted earlier one), their search
    /// documents, the tenant's import jobs and audit rows. As the schema owner with the row triggers off, in
    /// one transaction: bench upkeep, not history.
    /// </summary>
    private static async Task RemoveImportsAsync(NpgsqlDataSource owner, Guid tenant)
    {
        await using var connection = await owner.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ActAsTenantAsync(connection, tenant);
        await ExecuteAsync(connection, "create temp table imported on commit drop as select id from contacts where tenant_id = @t and created_at > (select min(created_at) from contacts where tenant_id = @t)", ("t", tenant));
        await ExecuteAsync(connection, "delete from import_jobs where tenant_id = @t", ("t", tenant));
        await ExecuteAsync(connection, "alter table contacts disable trigger user");
        await ExecuteAsync(connection, "delete from search_documents where tenant_id = @t and kind = 'contact' and record_id in (select id from imported)", ("t", tenant));
        await ExecuteAsync(connection, "delete from contacts where id in (select id from imported)");
        await ExecuteAsync(connection, "alter table contacts enable trigger user");
        // The generating load's bulk.load events stay: they are the generated contacts' audit.
        await ExecuteAsync(connection, "delete from audit_logs where tenant_id = @t and event is distinct from 'bulk.load'", ("t", tenant));
        await RecordBulkLoadAsync(connection, ["contacts"], "bench: removed the contacts earlier import runs created");
        await ExecuteAsync(connection, "select crm_recount_contacts(@t)", ("t", tenant));
        await transaction.CommitAsync();
        await ExecuteAsync(connection, "vacuum analyze contacts");
    }
}

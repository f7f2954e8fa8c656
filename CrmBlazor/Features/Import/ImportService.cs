using System.Text.Json;
using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CrmBlazor.Features.Import;

/// <summary>The import page's operations on the acting tenant's import jobs. Each method uses its own DbContext (circuit-safe).</summary>
public sealed class ImportService(
    IDbContextFactory<CrmDbContext> dbFactory, PermissionGuard guard, ImportQueue queue, ImportUndo undo, TimeProvider clock)
{
    public const string EmptyFile = "The file is empty.";
    public const string NoColumns = "The file has no columns to import.";
    public const string JobGone = "This import no longer exists.";
    public const int PreviewRows = 20;

    /// <summary>Stores the file for a new job (in PostgreSQL, so any node can run it) and returns what the mapping step shows.</summary>
    public async Task<(ImportUpload? Upload, string? Problem)> UploadAsync(ImportKind kind, string fileName, Stream content, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.EditRecords, "import.upload", ct);
        await using var file = await ImportFileStore.BufferAsync(content, ImportJobSettings.MaxBytes, ct);
        if (file is null) return (null, ImportJobSettings.TooBig);
        if (file.Length == 0) return (null, EmptyFile);

        ImportFileFormat format;
        IReadOnlyList<string> columns;
        IReadOnlyList<IReadOnlyList<string>> firstRows;
        try
        {
            format = await ImportFileDetector.DetectAsync(file, fileName, ct);
            (columns, firstRows) = Preview(file, format);
        }
        catch (ImportFileException ex)
        {
            return (null, ex.Message);
        }
        if (columns.Count == 0) return (null, NoColumns);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var job = new ImportJob
        {
            Kind = kind.Key(), FileName = Path.GetFileName(fileName)[..Math.Min(255, Path.GetFileName(fileName).Length)],
            Status = ImportJob.Pending, Format = ImportJobSettings.Write(format), Columns = columns.ToArray(), FileBytes = file.Length,
        };
        db.ImportJobs.Add(job);
        await db.SaveChangesAsync(ct);
        await ImportFileStore.SaveAsync((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction(), job.Id, file, ct);
        await transaction.CommitAsync(ct);
        return (new ImportUpload(job.Id, kind, job.FileName, format, columns, firstRows, ImportColumnSuggestions.Suggest(kind, columns)), null);
    }

    /// <summary>
    /// A job uploaded but not yet mapped (the page was left before Next), as the mapping step shows it again
    /// from its stored file; null when there is no such job.
    /// </summary>
    public async Task<ImportUpload?> ReopenAsync(Guid jobId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var job = await db.ImportJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId && j.Status == ImportJob.Pending, ct);
        if (job is null) return null;
        var kind = ImportJobSettings.KindOf(job);
        var format = ImportJobSettings.FormatOf(job);
        await using var reading = await db.Database.BeginTransactionAsync(ct);
        await using var file = await ImportFileStore.OpenAsync(
            (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)reading.GetDbTransaction(), job.Id, ct);
        var (columns, firstRows) = Preview(file, format);
        return new ImportUpload(job.Id, kind, job.FileName, format, columns, firstRows, ImportColumnSuggestions.Suggest(kind, columns));
    }

    /// <summary>The file's columns and its first <see cref="PreviewRows"/> rows.</summary>
    private static (IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> FirstRows) Preview(Stream file, ImportFileFormat format)
    {
        file.Position = 0;
        using var reader = ImportRowReader.Open(file, format);
        var firstRows = new List<IReadOnlyList<string>>();
        while (firstRows.Count < PreviewRows && reader.TryRead(out var fields)) firstRows.Add(fields);
        return (reader.Columns, firstRows);
    }

    public async Task<IReadOnlyList<ImportPreset>> PresetsAsync(ImportKind kind)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var key = kind.Key();
        var rows = await db.ImportPresets.Where(p => p.Kind == key).OrderBy(p => p.Name).ToListAsync();
        return rows.Select(p => new ImportPreset(p.Id, p.Name, kind,
            JsonSerializer.Deserialize<Dictionary<string, string>>(p.FieldByColumn)!)).ToList();
    }

    /// <summary>Saves a mapping under a name; saving under an existing name replaces that preset.</summary>
    public async Task<SaveResult> SavePresetAsync(ImportKind kind, string name, IReadOnlyDictionary<string, string> fieldByColumnName)
    {
        await guard.DemandAsync(Permission.EditRecords, "import.preset");
        name = name.Trim();
        if (name.Length == 0) return SaveResult.Invalid("Name", "Give the preset a name.");
        if (name.Length > FieldLimits.Short) return SaveResult.Invalid("Name", $"The name is longer than {FieldLimits.Short} characters.");
        var known = ImportFields.For(kind).Select(f => f.Key).ToHashSet();
        if (fieldByColumnName.Values.FirstOrDefault(f => !known.Contains(f)) is { } unknown)
            return SaveResult.Invalid("Columns", $"“{unknown}” is not a field of {kind.Key()}.");

        await using var db = await dbFactory.CreateDbContextAsync();
        var key = kind.Key();
        var preset = await db.ImportPresets.SingleOrDefaultAsync(p => p.Kind == key && p.Name == name);
        if (preset is null) db.ImportPresets.Add(preset = new ImportPresetRow { Kind = key, Name = name });
        preset.FieldByColumn = JsonSerializer.Serialize(fieldByColumnName);
        await db.SaveChangesAsync();
        return SaveResult.Saved(preset.Id);
    }

    /// <summary>Checks the mapping, saves the settings and queues the read and review of the file (validating → ready).</summary>
    public async Task<SaveResult> ReviewAsync(Guid jobId, ImportSettings settings)
    {
        await guard.DemandAsync(Permission.EditRecords, "import.review");
        await using var db = await dbFactory.CreateDbContextAsync();
        var job = await db.ImportJobs.SingleOrDefaultAsync(j => j.Id == jobId);
        if (job is null) return SaveResult.Gone(JobGone);
        if (job.Status is not (ImportJob.Pending or ImportJob.Ready or ImportJob.Failed))
            return SaveResult.Refused("This import is running or has finished; its mapping can no longer change.");
        if (ImportMappingRules.Check(ImportJobSettings.KindOf(job), job.Columns, settings) is { } refusal)
            return SaveResult.Invalid("Columns", refusal);

        job.Settings = ImportJobSettings.Write(settings);
        job.Status = ImportJob.Validating;
        job.RowsRead = job.RowsValidated = job.RowsWritten = job.TotalRows = 0;
        job.CancelRequested = false;
        job.ClaimedBy = null;
        job.ClaimedAt = null;
        job.LeaseUntil = null;
        job.Claims = 0;
        job.ErrorReport = null;
        job.FinishedAt = null;
        await db.SaveChangesAsync();
        queue.Wake();
        return SaveResult.Saved(job.Id);
    }

    public async Task<ImportProgress?> ProgressAsync(Guid jobId, int issuesToShow = 100)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var job = await db.ImportJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId);
        if (job is null) return null;
        var reviewed = job.Status is ImportJob.Ready or ImportJob.Importing or ImportJob.Completed
            || (job.Status is ImportJob.Failed or ImportJob.Cancelled && job.RowsValidated > 0);
        return ImportViewsOf.Progress(job, reviewed ? await ImportViewsOf.ReviewAsync(db, jobId, issuesToShow) : null, clock.GetUtcNow());
    }

    /// <summary>Queues the write (ready → importing); refused when the job must have every row valid and some are not.</summary>
    public async Task<SaveResult> StartAsync(Guid jobId)
    {
        await guard.DemandAsync(Permission.EditRecords, "import.start");
        await using var db = await dbFactory.CreateDbContextAsync();
        var job = await db.ImportJobs.SingleOrDefaultAsync(j => j.Id == jobId);
        if (job is null) return SaveResult.Gone(JobGone);
        if (job.Status != ImportJob.Ready) return SaveResult.Refused("This import is not reviewed and waiting to start.");
        var invalid = (await ImportViewsOf.ReviewAsync(db, jobId, issuesToShow: 0)).Invalid;
        if (invalid > 0 && ImportJobSettings.SettingsOf(job).OnlyIfEveryRowIsValid)
            return SaveResult.Refused(
                $"{invalid.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} {(invalid == 1 ? "row is" : "rows are")} not valid, and this import runs only if every row is valid. " +
                "Fix the file and upload it again, or choose to import the valid rows and report the rest.");

        job.Status = ImportJob.Importing;
        job.ClaimedBy = null;
        job.ClaimedAt = null;
        job.LeaseUntil = null;
        job.Claims = 0;
        job.StartedAt = clock.GetUtcNow();
        AuditTrail.Record(db, "import.start", job.Id, "import_jobs", $"{job.FileName}: {job.TotalRows} rows");
        await db.SaveChangesAsync();
        queue.Wake();
        return SaveResult.Saved(job.Id);
    }

    /// <summary>
    /// Cancels a job that has not finished; a running one stops at its next batch and keeps none of its rows. The
    /// runner writes the job's progress meanwhile, so a cancel that meets a newer version reads the job again.
    /// </summary>
    public async Task<SaveResult> CancelAsync(Guid jobId)
    {
        await guard.DemandAsync(Permission.EditRecords, "import.cancel");
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var job = await db.ImportJobs.SingleOrDefaultAsync(j => j.Id == jobId);
            if (job is null) return SaveResult.Gone(JobGone);
            switch (job.Status)
            {
                case ImportJob.Pending or ImportJob.Ready:
                    job.Status = ImportJob.Cancelled;
                    job.FinishedAt = clock.GetUtcNow();
                    break;
                case ImportJob.Validating or ImportJob.Importing:
                    job.CancelRequested = true;
                    break;
                default:
                    return SaveResult.Refused("This import has already finished.");
            }
            try
            {
                await db.SaveChangesAsync();
                return SaveResult.Saved(job.Id);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                // The runner saved its progress between the read and this write: read the job again.
            }
        }
    }

    public Task<SaveResult> UndoAsync(Guid jobId) => undo.UndoAsync(jobId);

    public async Task<IReadOnlyList<ImportProgress>> RecentAsync(int take = 20)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var jobs = await db.ImportJobs.AsNoTracking().OrderByDescending(j => j.CreatedAt).Take(take).ToListAsync();
        var now = clock.GetUtcNow();
        return jobs.Select(j => ImportViewsOf.Progress(j, null, now)).ToList();
    }
}

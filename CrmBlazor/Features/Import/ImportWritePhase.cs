using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CrmBlazor.Features.Import;

/// <summary>
/// Writes a reviewed job: all of it in ONE transaction as the acting user, so a failure, a cancel or
/// a killed process leaves none of its rows. The records it creates are written under the job
/// (app.import_job), audited and indexed for search as its set (import_bulk_writes.sql); the runner
/// indexes them after the commit (<see cref="ImportSearchIndexing"/>). The records go in batches of staging rows; between
/// batches a second connection reports rows_written and reads whether the user cancelled. The
/// transaction holds the job's row (<see cref="ImportLease.HoldAsync"/>), so no runner takes the job over
/// while it may still commit; one that takes it over after this runner died writes it from the start.
/// Import:WriteBatchRows sets the batch (20,000 rows: a progress step every few seconds at full speed).
/// </summary>
public sealed class ImportWritePhase(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock, IConfiguration config)
{
    private readonly int batchSize = config.GetValue("Import:WriteBatchRows", 20_000);

    public async Task<ImportCounts> RunAsync(ImportJob job, ImportLease lease, CancellationToken ct)
    {
        var kind = ImportJobSettings.KindOf(job);
        var settings = ImportJobSettings.SettingsOf(job);
        var sql = new ImportWriteSql(kind);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var npgsqlTransaction = (NpgsqlTransaction)transaction.GetDbTransaction();
        NpgsqlCommand Command(string text, int from = 0, int to = 0)
        {
            var command = new NpgsqlCommand(text, connection, npgsqlTransaction) { CommandTimeout = 0 };
            command.Parameters.AddWithValue("job", job.Id);
            command.Parameters.AddWithValue("policy", settings.WhenRecordExists.ToString());
            command.Parameters.AddWithValue("every_tags", (settings.TagsForEveryRow ?? []).ToArray());
            command.Parameters.AddWithValue("from", from);
            command.Parameters.AddWithValue("to", to);
            return command;
        }
        await lease.HoldAsync(connection, npgsqlTransaction, ct);

        await using (var tags = Command(sql.CreateTags)) await tags.ExecuteNonQueryAsync(ct);
        if (kind != ImportKind.Companies && settings.CreateMissingCompanies)
            await using (var companies = Command(sql.CreateCompanies)) await companies.ExecuteNonQueryAsync(ct);
        if (kind == ImportKind.Deals)
            await using (var places = Command(ImportWriteSql.DealPlaces)) await places.ExecuteNonQueryAsync(ct);

        var lastRow = await ImportSql.LastRowAsync(db, job.Id, ct);
        for (var from = 1; from <= lastRow; from += batchSize)
        {
            await using (var underJob = Command("SELECT set_config('app.import_job', @job::text, true)"))
                await underJob.ExecuteNonQueryAsync(ct);
            foreach (var statement in sql.CreateBatch())
                await using (var batch = Command(statement, from, from + batchSize - 1))
                    await batch.ExecuteNonQueryAsync(ct);
            await using (var asUsual = Command("SELECT set_config('app.import_job', '', true)"))
                await asUsual.ExecuteNonQueryAsync(ct);
            foreach (var statement in sql.UpdateBatch())
                await using (var batch = Command(statement, from, from + batchSize - 1))
                    await batch.ExecuteNonQueryAsync(ct);
            if (!await ReportAsync(job.Id, Math.Min(from + batchSize - 1, lastRow), ct)) throw new ImportCancelledException();
        }

        var counts = new Dictionary<string, long>();
        await using (var count = Command(ImportWriteSql.Counts))
        await using (var reader = await count.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) counts[reader.GetString(0)] = reader.GetInt64(1);
        var result = new ImportCounts(counts.GetValueOrDefault("imported"), counts.GetValueOrDefault("updated"),
            counts.GetValueOrDefault("skipped"), counts.GetValueOrDefault("failed"));

        // The job's end commits with its rows: completed exactly when they exist. A plain update, not a tracked
        // save: the lease's renewals move the row's version meanwhile.
        var now = clock.GetUtcNow();
        var completed = await db.ImportJobs.Where(j => j.Id == job.Id && !j.CancelRequested)
            .ExecuteUpdateAsync(j => j
                .SetProperty(x => x.Status, ImportJob.Completed)
                .SetProperty(x => x.ImportedRows, (int)result.Imported).SetProperty(x => x.UpdatedRows, (int)result.Updated)
                .SetProperty(x => x.SkippedRows, (int)result.Skipped).SetProperty(x => x.FailedRows, (int)result.Failed)
                .SetProperty(x => x.RowsWritten, x => x.TotalRows).SetProperty(x => x.FinishedAt, now)
                .SetProperty(x => x.SearchPending, result.Imported > 0), ct);
        if (completed == 0) throw new ImportCancelledException();
        AuditTrail.Record(db, "import.complete", job.Id, "import_jobs",
            $"{result.Imported} imported, {result.Updated} updated, {result.Skipped} skipped, {result.Failed} failed");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>Notes progress from its own connection (the write transaction is not visible yet); false when the user cancelled.</summary>
    private async Task<bool> ReportAsync(Guid jobId, int rowsWritten, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var updated = await db.ImportJobs.Where(j => j.Id == jobId && !j.CancelRequested)
            .ExecuteUpdateAsync(j => j.SetProperty(x => x.RowsWritten, rowsWritten), ct);
        return updated == 1;
    }
}

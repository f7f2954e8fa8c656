using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace CrmBlazor.Features.Import;

/// <summary>
/// Reads a job's stored file into its staging rows and reviews them. The rows go in by binary COPY,
/// a batch at a time, each batch in its own short transaction that also moves rows_read, so the page
/// shows progress and a cancel stops between batches. COPY cannot write into a table with row-level
/// security, so each batch lands in a temporary table first and one INSERT … SELECT moves it, as the
/// acting tenant, into import_rows. Every transaction first checks that the job is still this runner's
/// (<see cref="ImportLease.HoldAsync"/>); a runner that takes the job over starts again from the first
/// row, having deleted the staging rows its predecessor left.
/// </summary>
public sealed class ImportReadPhase(IDbContextFactory<CrmDbContext> dbFactory)
{
    private const int BatchSize = 10_000;

    public async Task RunAsync(ImportJob job, ImportLease lease, CancellationToken ct)
    {
        var kind = ImportJobSettings.KindOf(job);
        var settings = ImportJobSettings.SettingsOf(job);
        var format = ImportJobSettings.FormatOf(job);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Every statement below is sent on the context's connection directly, each inside a transaction
        // begun through EF, which gives it the job's tenant (TenantPerTransaction).
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        FileStream file;
        await using (var start = await db.Database.BeginTransactionAsync(ct))
        {
            var transaction = (NpgsqlTransaction)start.GetDbTransaction();
            await lease.HoldAsync(connection, transaction, ct);
            await ExecuteAsync(connection, transaction, "DELETE FROM import_rows WHERE job_id = @job", job.Id, ct);
            file = await ImportFileStore.OpenAsync(connection, transaction, job.Id, ct);
            await start.CommitAsync(ct);
        }
        await using var _ = file;
        using var reader = ImportRowReader.Open(file, format);
        var mapper = new ImportRowMapper(kind, job.Columns.Length, settings.Columns);
        var batch = new List<(int Row, string[] Raw, string?[] Mapped, string? Problem)>(BatchSize);
        var rows = 0;
        var firstRow = format.HasHeader ? 2 : 1;
        while (reader.TryRead(out var fields))
        {
            if (++rows > ImportJobSettings.MaxRows) throw new ImportJobException(ImportJobSettings.TooManyRows);
            var (mapped, problem) = mapper.Map(fields);
            // PostgreSQL text cannot hold NUL; the row already says it had one.
            var raw = Array.ConvertAll(fields, f => f.Replace("\0", ""));
            batch.Add((firstRow + rows - 1, raw, mapped, problem));
            if (batch.Count == BatchSize)
            {
                await WriteBatchAsync(db, lease, batch, rows, ct);
                batch.Clear();
            }
        }
        await WriteBatchAsync(db, lease, batch, rows, ct);

        await using var reviewing = await db.Database.BeginTransactionAsync(ct);
        var review = (NpgsqlTransaction)reviewing.GetDbTransaction();
        await lease.HoldAsync(connection, review, ct);
        // The staging rows were just written, so their table's statistics (which crm_app, not owning it,
        // cannot refresh with ANALYZE) still say "nearly empty": the planner would then join the review's
        // sets row by row, quadratic in the file. Every join of the review is set against set.
        await ExecuteAsync(connection, review, "SET LOCAL enable_nestloop = off", job.Id, ct);
        await using (var validate = new NpgsqlCommand(ImportValidation.Sql(kind), connection, review))
        {
            validate.CommandTimeout = 0;
            validate.Parameters.AddWithValue("job", job.Id);
            validate.Parameters.AddWithValue("policy", settings.WhenRecordExists.ToString());
            validate.Parameters.AddWithValue("create_companies", settings.CreateMissingCompanies);
            validate.Parameters.AddWithValue("every_tags", (settings.TagsForEveryRow ?? []).ToArray());
            await validate.ExecuteNonQueryAsync(ct);
        }
        await using (var ready = new NpgsqlCommand(
            "UPDATE import_jobs SET status = 'ready', total_rows = @rows, rows_validated = @rows WHERE id = @job AND NOT cancel_requested",
            connection, review))
        {
            ready.Parameters.AddWithValue("job", job.Id);
            ready.Parameters.AddWithValue("rows", rows);
            if (await ready.ExecuteNonQueryAsync(ct) == 0) throw new ImportCancelledException();
        }
        await reviewing.CommitAsync(ct);
    }

    private static async Task WriteBatchAsync(
        CrmDbContext db, ImportLease lease, List<(int Row, string[] Raw, string?[] Mapped, string? Problem)> batch, int rowsRead, CancellationToken ct)
    {
        var jobId = lease.JobId;
        await using var writing = await db.Database.BeginTransactionAsync(ct);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = (NpgsqlTransaction)writing.GetDbTransaction();
        await lease.HoldAsync(connection, transaction, ct);
        await ExecuteAsync(connection, transaction,
            "CREATE TEMP TABLE import_batch (row_number integer, raw text[], mapped text[], problem text) ON COMMIT DROP", jobId, ct);
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY import_batch (row_number, raw, mapped, problem) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (row, raw, mapped, problem) in batch)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(row, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(raw, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await copy.WriteAsync(mapped, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                if (problem is null) await copy.WriteNullAsync(ct);
                else await copy.WriteAsync(problem, NpgsqlDbType.Text, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await ExecuteAsync(connection, transaction,
            "INSERT INTO import_rows (job_id, row_number, raw, mapped, problem) SELECT @job, row_number, raw, mapped, problem FROM import_batch",
            jobId, ct);
        await using (var progress = new NpgsqlCommand(
            "UPDATE import_jobs SET rows_read = @rows WHERE id = @job AND NOT cancel_requested", connection, transaction))
        {
            progress.Parameters.AddWithValue("job", jobId);
            progress.Parameters.AddWithValue("rows", rowsRead);
            if (await progress.ExecuteNonQueryAsync(ct) == 0) throw new ImportCancelledException();
        }
        await writing.CommitAsync(ct);
    }

    internal static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, Guid jobId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("job", jobId);
        await command.ExecuteNonQueryAsync(ct);
    }
}

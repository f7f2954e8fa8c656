using System.Globalization;
using System.Text;
using CrmBlazor.Data;
using CrmBlazor.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CrmBlazor.Features.Import;

/// <summary>
/// GET /import/{jobId}/errors.csv: the rows a job did not write, with the file's own columns and an
/// "Error" column, streamed row by row. Cells are escaped against formula injection.
/// </summary>
public static class ImportErrorReport
{
    public static void MapImportErrorReport(this IEndpointRouteBuilder app) =>
        app.MapGet("/import/{jobId:guid}/errors.csv", WriteAsync).RequireAuthorization();

    private static async Task<IResult> WriteAsync(Guid jobId, IDbContextFactory<CrmDbContext> dbFactory, HttpContext http, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var job = await db.ImportJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null) return Results.NotFound();

        var name = Path.GetFileNameWithoutExtension(job.FileName);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition
            { FileName = $"{(name.Length == 0 ? "import" : name)}-errors.csv", DispositionType = "attachment" }.ToString();
        await WriteRowsAsync(db, job.Id, job.Columns, http.Response.Body, ct);
        return Results.Empty;
    }

    public static async Task WriteRowsAsync(CrmDbContext db, Guid jobId, string[] columns, Stream output, CancellationToken ct)
    {
        await using var text = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await WriteLineAsync(text, [.. columns, "Error"]);

        // Begun through EF, so the read acts for the context's tenant (TenantPerTransaction).
        await using var reading = await db.Database.BeginTransactionAsync(ct);
        await using var select = new NpgsqlCommand(
            "SELECT raw, problem FROM import_rows WHERE job_id = @job AND problem IS NOT NULL ORDER BY row_number",
            (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)reading.GetDbTransaction());
        select.Parameters.AddWithValue("job", jobId);
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var raw = reader.GetFieldValue<string[]>(0);
            // Every row gets the file's columns; a ragged row's extra fields follow them, before the error.
            var cells = Enumerable.Range(0, Math.Max(raw.Length, columns.Length)).Select(i => i < raw.Length ? raw[i] : "");
            await WriteLineAsync(text, [.. cells, reader.GetString(1)]);
        }
        await text.FlushAsync(ct);
    }

    /// <summary>One CSV record (RFC 4180: a cell with a comma, quote or line break is quoted, quotes doubled), cells escaped.</summary>
    private static Task WriteLineAsync(StreamWriter text, string[] cells) =>
        text.WriteAsync(string.Join(',', cells.Select(c => Quoted(CsvCells.Escape(c)))) + "\r\n");

    private static string Quoted(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{cell.Replace("\"", "\"\"")}\"" : cell;
}

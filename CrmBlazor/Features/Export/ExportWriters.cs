using System.Data;
using System.Globalization;
using CrmBlazor.Features.Shared;
using CsvHelper;
using MiniExcelLibs;

namespace CrmBlazor.Features.Export;

/// <summary>Writes an <see cref="ExportTable"/> as CSV or XLSX, a row at a time, and says how many rows it wrote.</summary>
public static class ExportWriters
{
    public static Task<int> WriteAsync(Stream output, ExportTable table, ExportFormat format, CancellationToken ct) =>
        format == ExportFormat.Csv ? WriteCsvAsync(output, table, ct) : Task.FromResult(WriteXlsx(output, table, ct));

    /// <summary>UTF-8 with a byte order mark, so Excel reads accents right; CsvHelper quotes commas, quotes and line breaks.</summary>
    public static async Task<int> WriteCsvAsync(Stream output, ExportTable table, CancellationToken ct)
    {
        await using var csv = CsvWriter.Create(output, CsvWriterOptions.Default with { WriteByteOrderMark = true }, leaveOpen: true);
        await csv.WriteRecordAsync([.. table.Headers], ct);
        var rows = 0;
        await foreach (var row in table.Rows.WithCancellation(ct))
        {
            foreach (var cell in row) csv.WriteField(CsvText(cell));
            await csv.EndRecordAsync(ct);
            rows++;
        }
        await csv.FlushAsync(ct);
        return rows;
    }

    /// <summary>
    /// MiniExcel pulls the rows as it writes the sheet, so only one is in memory. It writes
    /// synchronously: callers writing to a response allow that for the request.
    /// </summary>
    public static int WriteXlsx(Stream output, ExportTable table, CancellationToken ct)
    {
        var rows = 0;
        var sheet = table.Rows.ToBlockingEnumerable(ct).Select(row =>
        {
            rows++;
            var cells = new Dictionary<string, object?>(table.Headers.Count);
            for (var i = 0; i < row.Length; i++) cells[table.Headers[i]] = XlsxCell(row[i]);
            return cells;
        });
        using var pending = sheet.GetEnumerator();
        if (pending.MoveNext())
            MiniExcel.SaveAs(output, Rest(pending), sheetName: "Export");
        else
        {
            // No row to learn the columns from: an empty table still gives the sheet its header row.
            using var empty = new DataTable();
            foreach (var header in table.Headers) empty.Columns.Add(header);
            MiniExcel.SaveAs(output, empty, sheetName: "Export");
        }
        return rows;
    }

    /// <summary>The enumerator's current row and every one after it.</summary>
    private static IEnumerable<T> Rest<T>(IEnumerator<T> started)
    {
        do yield return started.Current;
        while (started.MoveNext());
    }

    // Text is escaped against formula injection; numbers and dates stay typed in XLSX.
    private static object? XlsxCell(object? cell) => cell switch
    {
        string s => CsvCells.Escape(s),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime,
        _ => cell,
    };

    private static string CsvText(object? cell) => cell switch
    {
        null => "",
        string s => CsvCells.Escape(s),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };
}

namespace CrmBlazor.Features.Export;

public enum ExportFormat { Csv, Xlsx }

/// <summary>
/// Rows to write to a file, read from the database while they are written: <paramref name="Rows"/> is
/// enumerated once, a row at a time, so an export of any size holds one row in memory.
/// Cells are strings, numbers, dates or null.
/// </summary>
public sealed record ExportTable(IReadOnlyList<string> Headers, IAsyncEnumerable<object?[]> Rows);

public static class ExportFormats
{
    public static ExportFormat? Parse(string? value) => value?.ToLowerInvariant() switch
    {
        "csv" => ExportFormat.Csv,
        "xlsx" => ExportFormat.Xlsx,
        _ => null,
    };

    public static string Extension(ExportFormat format) => format == ExportFormat.Csv ? "csv" : "xlsx";

    public static string ContentType(ExportFormat format) => format == ExportFormat.Csv
        ? "text/csv; charset=utf-8"
        : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}

using System.Globalization;
using System.Text;
using CsvHelper;
using MiniExcelLibs;

namespace CrmBlazor.Features.Import;

/// <summary>
/// The records of a file as arrays of strings, one at a time, shared by the detector (on a sample) and the
/// reader (on the whole file) so both see the same rows. Records whose every field is blank are left out:
/// they carry nothing to import, and spreadsheets leave such lines behind.
/// </summary>
internal static class ImportRecords
{
    public const string UnreadableWorkbook = "The workbook could not be read; it may be damaged or password-protected.";

    /// <summary>
    /// RFC 4180 records: a quote opens a field that may hold delimiters, line breaks and doubled quotes; a stray quote
    /// inside an unquoted field (5" screen) is kept as text rather than refused, since the values are checked later,
    /// field by field; records may differ in length. <paramref name="encoding"/> is that of stream input (null for
    /// UTF-8, whose byte order mark is skipped).
    /// </summary>
    public static CsvReaderOptions CsvOptions(char delimiter, Encoding? encoding = null) => new()
    {
        Separator = delimiter,
        HasHeader = false,
        Mode = CsvMode.Rfc4180,
        AllowLineBreaksInQuotes = true,
        MalformedData = CsvMalformedDataHandling.Recover,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        SkipEmptyLines = true,
        Encoding = encoding,
    };

    /// <summary>The records of <paramref name="csv"/>, which the enumeration disposes.</summary>
    public static IEnumerable<string[]> Csv(CsvReader csv)
    {
        using (csv)
        {
            while (csv.Read())
            {
                var fields = csv.Current.ToArray();
                if (!IsBlank(fields)) yield return fields;
            }
        }
    }

    /// <summary>The first sheet's rows, every one as wide as the sheet (XLSX has no ragged rows).</summary>
    /// <exception cref="ImportFileException">The workbook's content is damaged.</exception>
    public static IEnumerable<string[]> Xlsx(Stream stream)
    {
        using var rows = stream.Query(useHeaderRow: false, excelType: ExcelType.XLSX).GetEnumerator();
        while (true)
        {
            bool more;
            try
            {
                more = rows.MoveNext();
            }
            // MiniExcel reports a damaged part of the package with whatever its XML and zip readers throw.
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new ImportFileException(UnreadableWorkbook);
            }
            if (!more) yield break;
            var fields = ((IDictionary<string, object?>)rows.Current).Values.Select(CellText).ToArray();
            if (!IsBlank(fields)) yield return fields;
        }
    }

    /// <summary>A cell as the text a CSV export of it would hold: invariant numbers, ISO dates.</summary>
    public static string CellText(object? value) => value switch
    {
        null => "",
        string s => s,
        DateTime d when d.TimeOfDay == TimeSpan.Zero => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static bool IsBlank(string[] fields) => fields.All(string.IsNullOrWhiteSpace);
}

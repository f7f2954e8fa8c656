using CsvHelper;

namespace CrmBlazor.Features.Import;

/// <summary>
/// Reads a file's records one at a time, in the format <see cref="ImportFileDetector"/> found, without holding more
/// than one record (and the parser's buffer) in memory. CSV and TSV follow RFC 4180: quoted fields may hold delimiters,
/// line breaks and doubled quotes; lines end in CRLF or LF. XLSX: the first sheet, numbers in invariant form, dates
/// as yyyy-MM-dd. Records whose every field is blank are skipped. The stream stays open: its owner disposes it.
/// </summary>
public sealed class ImportRowReader : IDisposable
{
    private readonly Stream stream;
    private readonly IEnumerator<string[]> records;
    /// <summary>The first record of a file without a header, read early to count its columns.</summary>
    private string[]? pending;

    private ImportRowReader(Stream stream, IEnumerable<string[]> records, bool hasHeader)
    {
        this.stream = stream;
        this.records = records.GetEnumerator();
        string[] first;
        try
        {
            if (!this.records.MoveNext())
            {
                Columns = [];
                return;
            }
            first = this.records.Current;
        }
        catch
        {
            this.records.Dispose();
            throw;
        }
        if (hasHeader)
        {
            Columns = first.Select((name, i) => string.IsNullOrWhiteSpace(name) ? ColumnName(i) : name.Trim()).ToArray();
        }
        else
        {
            Columns = first.Select((_, i) => ColumnName(i)).ToArray();
            pending = first;
        }
    }

    /// <exception cref="ImportFileException">An XLSX workbook is damaged.</exception>
    public static ImportRowReader Open(Stream seekable, ImportFileFormat format)
    {
        seekable.Position = 0;
        if (format.Type == ImportFileType.Xlsx)
            return new ImportRowReader(seekable, ImportRecords.Xlsx(seekable), format.HasHeader);

        // CsvHelper reads UTF-8 in place and finds UTF-16 by its byte order mark, skipping either mark; only a code page
        // has to be named.
        var encoding = format.EncodingName == ImportEncodings.Windows1252 ? ImportEncodings.For(format.EncodingName) : null;
        var csv = CsvReader.Create(seekable, ImportRecords.CsvOptions(format.Delimiter, encoding), leaveOpen: true);
        return new ImportRowReader(seekable, ImportRecords.Csv(csv), format.HasHeader);
    }

    /// <summary>The header's names, trimmed, when the file has one (a blank name becomes "Column N"); else "Column 1", "Column 2" …</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>1-based number of the data row last returned; the header is not counted, nor are blank records.</summary>
    public long RowNumber { get; private set; }

    /// <summary>How far into the stream the reader is, ahead of the last row by at most its read buffer.</summary>
    public long BytesRead => stream.Position;

    /// <summary>
    /// The next record's fields as they are in the file: a record keeps its own length whatever the header's, and
    /// NUL characters are kept for the caller to report.
    /// </summary>
    /// <exception cref="ImportFileException">An XLSX workbook is damaged.</exception>
    public bool TryRead(out string[] fields)
    {
        if (pending is not null)
        {
            fields = pending;
            pending = null;
        }
        else if (records.MoveNext())
        {
            fields = records.Current;
        }
        else
        {
            fields = [];
            return false;
        }
        RowNumber++;
        return true;
    }

    public void Dispose() => records.Dispose();

    private static string ColumnName(int index) => $"Column {index + 1}";
}

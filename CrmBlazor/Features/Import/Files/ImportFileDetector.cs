using System.IO.Compression;
using CsvHelper;
using System.Text.Unicode;

namespace CrmBlazor.Features.Import;

/// <summary>
/// Finds out how a file is to be read (type, encoding, delimiter, header row) from its first 64 KB, so that a
/// 200 MB file is judged without being read.
/// </summary>
public static class ImportFileDetector
{
    private const int SampleBytes = 64 * 1024;
    /// <summary>Records compared to choose the delimiter; the header is judged on the first <see cref="HeaderSampleRows"/>.</summary>
    private const int DelimiterSampleRecords = 50;
    private const int HeaderSampleRows = 20;
    /// <summary>Text has next to no control characters besides tab and line breaks; a binary file is full of them.</summary>
    private const double MaxControlCharacterShare = 0.05;

    private static readonly byte[] ZipSignature = [0x50, 0x4B, 0x03, 0x04];
    // Compound file: Excel 97-2003 workbooks, and any Office file saved with a password.
    private static readonly byte[] CompoundFileSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];
    private static readonly byte[] Utf16LeBom = [0xFF, 0xFE];
    private static readonly byte[] Utf16BeBom = [0xFE, 0xFF];

    private static ImportFileException Empty => new("The file is empty.");
    private static ImportFileException NotSupported => new("The file is not a CSV, TSV or XLSX file.");

    /// <summary>Reads at most the first 64 KB of <paramref name="seekable"/> and leaves it at position 0.</summary>
    /// <exception cref="ImportFileException">The file is empty, of another kind, or damaged.</exception>
    public static async Task<ImportFileFormat> DetectAsync(Stream seekable, string fileName, CancellationToken ct)
    {
        if (!seekable.CanSeek) throw new ArgumentException("Detection reads a sample and rewinds: the stream must be seekable.", nameof(seekable));
        try
        {
            seekable.Position = 0;
            var sample = new byte[SampleBytes];
            var length = await seekable.ReadAtLeastAsync(sample, SampleBytes, throwOnEndOfStream: false, ct);
            var bytes = sample.AsSpan(0, length);
            var complete = length == seekable.Length;
            var isXlsxName = Path.GetExtension(fileName).Equals(".xlsx", StringComparison.OrdinalIgnoreCase);

            if (length == 0) throw Empty;
            if (bytes.StartsWith(ZipSignature)) return DetectWorkbook(seekable);
            if (bytes.StartsWith(CompoundFileSignature))
                throw new ImportFileException("The file is an Excel 97-2003 workbook (.xls) or a password-protected one: save it as .xlsx or CSV, without a password, and try again.");
            if (isXlsxName) throw new ImportFileException("The file is named .xlsx but is not an Excel workbook; it may be damaged.");
            return DetectText(bytes, complete, fileName);
        }
        finally
        {
            seekable.Position = 0;
        }
    }

    private static ImportFileFormat DetectWorkbook(Stream stream)
    {
        stream.Position = 0;
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            if (!zip.Entries.Any(e => e.FullName.StartsWith("xl/", StringComparison.OrdinalIgnoreCase))) throw NotSupported;
        }
        catch (InvalidDataException)
        {
            throw new ImportFileException(ImportRecords.UnreadableWorkbook);
        }
        stream.Position = 0;
        var rows = ImportRecords.Xlsx(stream).Take(HeaderSampleRows).ToList();
        if (rows.Count == 0) throw Empty;
        return new ImportFileFormat(ImportFileType.Xlsx, ImportEncodings.Utf8, ',', HeaderRow.IsLikely(rows));
    }

    private static ImportFileFormat DetectText(ReadOnlySpan<byte> bytes, bool complete, string fileName)
    {
        var (encodingName, bomLength) = DetectEncoding(bytes, complete);
        var text = ImportEncodings.For(encodingName).GetString(bytes[bomLength..]);
        if (string.IsNullOrWhiteSpace(text)) throw Empty;
        if (ControlCharacterShare(text) > MaxControlCharacterShare) throw NotSupported;

        var (delimiter, rows) = ChooseDelimiter(text, complete, fileName);
        if (rows.Count == 0) throw Empty;
        var type = delimiter == '\t' ? ImportFileType.Tsv : ImportFileType.Csv;
        return new ImportFileFormat(type, encodingName, delimiter, HeaderRow.IsLikely(rows.Take(HeaderSampleRows).ToList()));
    }

    /// <summary>A byte order mark decides; without one, text that is valid UTF-8 is UTF-8 and anything else is taken as Windows-1252.</summary>
    private static (string Name, int BomLength) DetectEncoding(ReadOnlySpan<byte> bytes, bool complete)
    {
        if (bytes.StartsWith(Utf8Bom)) return (ImportEncodings.Utf8WithBom, Utf8Bom.Length);
        if (bytes.StartsWith(Utf16LeBom)) return (ImportEncodings.Utf16LittleEndian, Utf16LeBom.Length);
        if (bytes.StartsWith(Utf16BeBom)) return (ImportEncodings.Utf16BigEndian, Utf16BeBom.Length);
        // A sample cut short may end inside a character: that is "need more data", not invalid.
        var status = Utf8.ToUtf16(bytes, new char[bytes.Length], out _, out _, replaceInvalidSequences: false, isFinalBlock: complete);
        return (status == System.Buffers.OperationStatus.InvalidData ? ImportEncodings.Windows1252 : ImportEncodings.Utf8, 0);
    }

    private static double ControlCharacterShare(string text) =>
        (double)text.Count(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n' or '\f')) / text.Length;

    /// <summary>
    /// The delimiter that splits the sampled records into the same number of fields (at least two) most often;
    /// on a tie the one with more fields, then the one the file name suggests. The records are parsed as the reader
    /// will parse them, so a delimiter inside quotes does not count.
    /// </summary>
    private static (char Delimiter, List<string[]> Rows) ChooseDelimiter(string text, bool complete, string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        char[] candidates = extension is ".tsv" or ".tab" ? ['\t', ',', ';'] : [',', ';', '\t'];
        (char Delimiter, List<string[]> Rows, double Consistency, int Width)? best = null;
        foreach (var delimiter in candidates)
        {
            var rows = SampleRecords(text, delimiter, complete);
            if (rows.Count == 0) continue;
            var commonest = rows.GroupBy(r => r.Length).MaxBy(g => (g.Count(), g.Key))!;
            var consistency = (double)commonest.Count() / rows.Count;
            if (commonest.Key < 2) continue;
            if (best is null || consistency > best.Value.Consistency
                || (consistency == best.Value.Consistency && commonest.Key > best.Value.Width))
                best = (delimiter, rows, consistency, commonest.Key);
        }
        return best is { } chosen ? (chosen.Delimiter, chosen.Rows) : (candidates[0], SampleRecords(text, candidates[0], complete));
    }

    private static List<string[]> SampleRecords(string text, char delimiter, bool complete)
    {
        var rows = ImportRecords.Csv(CsvReader.FromText(text, ImportRecords.CsvOptions(delimiter))).Take(DelimiterSampleRecords + 1).ToList();
        // The last record of a sample cut short is likely cut too; when more records followed it, it was whole.
        if (rows.Count > DelimiterSampleRecords) rows.RemoveAt(rows.Count - 1);
        else if (!complete && rows.Count > 1) rows.RemoveAt(rows.Count - 1);
        return rows;
    }
}

using System.Text;
using CrmBlazor.Features.Import;
using MiniExcelLibs;

namespace CrmBlazor.Tests.Import;

/// <summary>Files as an upload would hand them to the import: bytes in a seekable stream.</summary>
internal static class ImportTestFiles
{
    public static readonly Encoding Utf8WithBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public static Encoding Windows1252
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(1252);
        }
    }

    /// <summary>The text in the encoding, with its byte order mark when the encoding has one.</summary>
    public static MemoryStream Text(string content, Encoding encoding) =>
        new([.. encoding.GetPreamble(), .. encoding.GetBytes(content)]);

    public static MemoryStream Xlsx(object sheetsOrRows, bool printHeader = true)
    {
        var stream = new MemoryStream();
        stream.SaveAs(sheetsOrRows, printHeader, excelType: ExcelType.XLSX);
        stream.Position = 0;
        return stream;
    }

    /// <summary>Detects the format, then reads every record.</summary>
    public static async Task<(ImportFileFormat Format, IReadOnlyList<string> Columns, List<string[]> Rows)> ReadAllAsync(Stream file, string fileName)
    {
        var format = await ImportFileDetector.DetectAsync(file, fileName, TestContext.Current.CancellationToken);
        using var reader = ImportRowReader.Open(file, format);
        var rows = new List<string[]>();
        while (reader.TryRead(out var fields))
        {
            rows.Add(fields);
            Assert.Equal(rows.Count, reader.RowNumber);
        }
        return (format, reader.Columns, rows);
    }
}

using System.IO.Compression;
using System.Text;
using CrmBlazor.Features.Import;
using static CrmBlazor.Tests.Import.ImportTestFiles;

namespace CrmBlazor.Tests.Import;

public sealed class ImportFileDetectorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_HubSpot_export_is_comma_separated_UTF8_with_BOM_and_a_header()
    {
        using var file = Text(
            "First Name,Last Name,Email,Phone Number,Company Name,Contact owner\r\n"
            + "Ava,Dubois,ava.dubois@example.com,+33 1 42 68 53 00,\"Dubois, Fils & Cie\",owner@example.com\r\n"
            + "Émile,Zola,emile@example.fr,,Rougon SA,owner@example.com\r\n",
            Utf8WithBom);

        var format = await ImportFileDetector.DetectAsync(file, "hubspot-crm-exports-all-contacts-2026-12-02.csv", Ct);

        Assert.Equal(new ImportFileFormat(ImportFileType.Csv, ImportEncodings.Utf8WithBom, ',', HasHeader: true), format);
        Assert.Equal(0, file.Position);
    }

    [Fact]
    public async Task A_Windows_1252_file_separated_by_semicolons_is_recognised_and_keeps_its_umlauts()
    {
        using var file = Text(
            "Vorname;Nachname;E-Mail;Firma;Umsatz\r\n"
            + "Jürgen;Müller;j.mueller@example.de;Bäckerei Groß GmbH;1.234,50\r\n"
            + "Käthe;Schäfer;k.schaefer@example.de;Öko AG;99,90\r\n",
            Windows1252);

        var (format, columns, rows) = await ReadAllAsync(file, "kontakte.csv");

        Assert.Equal(new ImportFileFormat(ImportFileType.Csv, ImportEncodings.Windows1252, ';', HasHeader: true), format);
        Assert.Equal(["Vorname", "Nachname", "E-Mail", "Firma", "Umsatz"], columns);
        Assert.Equal(["Jürgen", "Müller", "j.mueller@example.de", "Bäckerei Groß GmbH", "1.234,50"], rows[0]);
        Assert.Equal("Schäfer", rows[1][1]);
    }

    [Fact]
    public async Task UTF8_without_a_byte_order_mark_is_told_from_Windows_1252_by_its_bytes()
    {
        using var file = Text("Prénom,Nom\nÉlodie,Lefèvre\n", Utf8);

        var format = await ImportFileDetector.DetectAsync(file, "contacts.csv", Ct);

        Assert.Equal(ImportEncodings.Utf8, format.EncodingName);
    }

    [Fact]
    public async Task A_character_cut_in_two_by_the_end_of_the_sample_does_not_make_UTF8_look_like_Windows_1252()
    {
        // "é" is two bytes in UTF-8; the 65,535-byte prefix puts one across the 64 KB boundary.
        var content = "Name\n" + new string('a', 65_535 - 5) + "é\n" + string.Concat(Enumerable.Repeat("Chloé\n", 100));
        using var file = Text(content, Utf8);

        var format = await ImportFileDetector.DetectAsync(file, "names.csv", Ct);

        Assert.Equal(ImportEncodings.Utf8, format.EncodingName);
    }

    [Fact]
    public async Task A_file_separated_by_tabs_is_TSV()
    {
        using var file = Text("Name\tEmail\tNotes\nAva Dubois\tava@example.com\tmet at a fair, liked it\nBen Ng\tben@example.com\t\n", Utf8);

        var format = await ImportFileDetector.DetectAsync(file, "export.txt", Ct);

        Assert.Equal(new ImportFileFormat(ImportFileType.Tsv, ImportEncodings.Utf8, '\t', HasHeader: true), format);
    }

    [Fact]
    public async Task A_delimiter_inside_quotes_does_not_count()
    {
        using var commas = Text("Name,Notes\n\"Ava\",\"a;b;c;d\"\n\"Ben\",\"e;f;g;h\"\n\"Chloé\",\"i;j\"\n", Utf8);
        using var semicolons = Text("Name;Notes\n\"Dubois, Ava\";\"a,b,c\"\n\"Ng, Ben\";\"d,e\"\n", Utf8);

        Assert.Equal(',', (await ImportFileDetector.DetectAsync(commas, "a.csv", Ct)).Delimiter);
        Assert.Equal(';', (await ImportFileDetector.DetectAsync(semicolons, "b.csv", Ct)).Delimiter);
    }

    [Fact]
    public async Task A_workbook_is_XLSX_with_its_header_found()
    {
        using var file = Xlsx(new[]
        {
            new Dictionary<string, object> { ["First Name"] = "Ava", ["Email"] = "ava@example.com", ["Amount"] = 1200.5 },
            new Dictionary<string, object> { ["First Name"] = "Ben", ["Email"] = "ben@example.com", ["Amount"] = 80 },
        });

        var format = await ImportFileDetector.DetectAsync(file, "upload", Ct);

        Assert.Equal(ImportFileType.Xlsx, format.Type);
        Assert.True(format.HasHeader);
        Assert.Equal(0, file.Position);
    }

    [Fact]
    public async Task A_workbook_without_a_header_row_is_read_as_data_from_the_first_row()
    {
        using var file = Xlsx(new[]
        {
            new Dictionary<string, object> { ["A"] = "Ava", ["B"] = "ava@example.com" },
            new Dictionary<string, object> { ["A"] = "Ben", ["B"] = "ben@example.com" },
        }, printHeader: false);

        var format = await ImportFileDetector.DetectAsync(file, "contacts.xlsx", Ct);

        Assert.Equal(new ImportFileFormat(ImportFileType.Xlsx, ImportEncodings.Utf8, ',', HasHeader: false), format);
    }

    [Theory]
    [InlineData("Ava,Dubois,ava@example.com\nBen,Ng,ben@example.com\n")] // an email
    [InlineData("Ava Dubois,+33 1 42 68 53 00\nBen Ng,+44 20 7946 0958\n")] // a phone number
    [InlineData("Website redesign,12000,2026-03-31\nSupport renewal,800,2026-04-15\n")] // amounts and dates
    [InlineData("Ava,Dubois,\nBen,Ng,Lyon\n")] // an empty cell
    [InlineData("Dubois,Ava\nDubois,Léa\n")] // the same value again in its column
    public async Task A_first_row_that_looks_like_data_is_not_taken_for_a_header(string content)
    {
        using var file = Text(content, Utf8);

        var format = await ImportFileDetector.DetectAsync(file, "list.csv", Ct);

        Assert.False(format.HasHeader);
    }

    [Theory]
    [InlineData("Name,Email,Phone,Probability (%)\nAva,ava@example.com,+33 1 42 68 53 00,40\n")]
    [InlineData("E-mail 1 - Value,Phone 1 - Value\nava@example.com,+33 1 42 68 53 00\n")]
    [InlineData("Name,Email,\nAva,ava@example.com,\n")] // a trailing delimiter on every line
    [InlineData("Name,Email\n")] // a header and no rows
    public async Task A_first_row_of_labels_is_a_header(string content)
    {
        using var file = Text(content, Utf8);

        var format = await ImportFileDetector.DetectAsync(file, "list.csv", Ct);

        Assert.True(format.HasHeader);
    }

    [Fact]
    public void Every_header_the_column_suggestions_know_reads_as_a_header_row()
    {
        var taken = Enum.GetValues<ImportKind>()
            .SelectMany(ImportColumnSynonyms.For)
            .SelectMany(field => field.Headers)
            .Where(header => !HeaderRow.IsLikely([[header, "Email"], ["ava@example.com", "+33 1 42 68 53 00"]]))
            .ToList();

        Assert.Empty(taken);
    }

    [Fact]
    public async Task Detection_reads_no_more_than_the_first_64_KB()
    {
        var rows = string.Concat(Enumerable.Range(0, 50_000).Select(i => $"Person {i},person{i}@example.com\n"));
        using var file = new ReadCountingStream(Text("Name,Email\n" + rows, Utf8));

        var format = await ImportFileDetector.DetectAsync(file, "big.csv", Ct);

        Assert.True(file.Length > 1_000_000);
        Assert.InRange(file.BytesRead, 1, 64 * 1024);
        Assert.Equal(new ImportFileFormat(ImportFileType.Csv, ImportEncodings.Utf8, ',', HasHeader: true), format);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })] // a byte order mark and nothing else
    [InlineData(new byte[] { 0x0D, 0x0A, 0x20, 0x0D, 0x0A })] // blank lines
    [InlineData(new byte[] { 0x2C, 0x2C, 0x0A, 0x2C, 0x2C, 0x0A })] // delimiters and nothing between them
    public async Task An_empty_file_is_reported_as_empty(byte[] content)
    {
        using var file = new MemoryStream(content);

        var error = await Assert.ThrowsAsync<ImportFileException>(() => ImportFileDetector.DetectAsync(file, "empty.csv", Ct));

        Assert.Equal("The file is empty.", error.Message);
    }

    [Fact]
    public async Task A_workbook_with_no_rows_is_reported_as_empty()
    {
        using var file = Xlsx(Array.Empty<Dictionary<string, object>>(), printHeader: false);

        var error = await Assert.ThrowsAsync<ImportFileException>(() => ImportFileDetector.DetectAsync(file, "empty.xlsx", Ct));

        Assert.Equal("The file is empty.", error.Message);
    }

    [Fact]
    public async Task A_binary_file_is_not_taken_for_text()
    {
        var png = new byte[4096];
        new Random(13).NextBytes(png);
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(png, 0);
        using var file = new MemoryStream(png);

        var error = await Assert.ThrowsAsync<ImportFileException>(() => ImportFileDetector.DetectAsync(file, "logo.csv", Ct));

        Assert.Equal("The file is not a CSV, TSV or XLSX file.", error.Message);
    }

    [Fact]
    public async Task A_zip_archive_that_is_not_a_workbook_is_refused()
    {
        using var file = new MemoryStream();
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("contacts.csv").Open();
            entry.Write("Name\nAva\n"u8);
        }

        var error = await Assert.ThrowsAsync<ImportFileException>(() => ImportFileDetector.DetectAsync(file, "contacts.zip", Ct));

        Assert.Equal("The file is not a CSV, TSV or XLSX file.", error.Message);
    }

    [Fact]
    public async Task An_old_xls_workbook_gets_a_message_that_says_what_to_do()
    {
        using var file = new MemoryStream([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[504]]);

        var error = await Assert.ThrowsAsync<ImportFileException>(() => ImportFileDetector.DetectAsync(file, "contacts.xls", Ct));

        Assert.Contains("save it as .xlsx or CSV", error.Message);
    }

    [Fact]
    public async Task A_file_named_xlsx_that_is_not_a_workbook_is_refused()
    {
        using var file = Text("Name,Email\nAva,ava@example.com\n", Utf8);

        var error = await Assert.ThrowsAsync<ImportFileException>(() => ImportFileDetector.DetectAsync(file, "contacts.xlsx", Ct));

        Assert.Equal("The file is named .xlsx but is not an Excel workbook; it may be damaged.", error.Message);
    }

    [Fact]
    public async Task A_damaged_workbook_is_refused_with_a_message()
    {
        using var good = Xlsx(new[] { new Dictionary<string, object> { ["Name"] = "Ava" } });
        var bytes = good.ToArray();
        using var damaged = new MemoryStream(bytes[..(bytes.Length / 2)]);

        var error = await Assert.ThrowsAsync<ImportFileException>(() => ImportFileDetector.DetectAsync(damaged, "contacts.xlsx", Ct));

        Assert.Equal("The workbook could not be read; it may be damaged or password-protected.", error.Message);
    }

    /// <summary>Counts the bytes read through it.</summary>
    private sealed class ReadCountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            BytesRead += read;
            return read;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

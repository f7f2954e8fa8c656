using System.Text;
using CrmBlazor.Features.Import;
using static CrmBlazor.Tests.Import.ImportTestFiles;

namespace CrmBlazor.Tests.Import;

public sealed class ImportRowReaderTests
{
    [Fact]
    public async Task Quoted_fields_keep_their_line_breaks_delimiters_and_doubled_quotes()
    {
        using var file = Text(
            "Name,Notes,Tags\r\n"
            + "\"Dubois, Ava\",\"First line\r\nsecond line\nthird, with \"\"quotes\"\"\",vip\r\n"
            + "Ben Ng,\"\"\"\",\r\n",
            Utf8WithBom);

        var (_, columns, rows) = await ReadAllAsync(file, "notes.csv");

        Assert.Equal(["Name", "Notes", "Tags"], columns);
        Assert.Equal(2, rows.Count);
        Assert.Equal(["Dubois, Ava", "First line\r\nsecond line\nthird, with \"quotes\"", "vip"], rows[0]);
        Assert.Equal(["Ben Ng", "\"", ""], rows[1]);
    }

    [Fact]
    public async Task A_ragged_row_keeps_its_own_length()
    {
        using var file = Text("Name,Email,Phone\nAva,ava@example.com\nBen,ben@example.com,+44 20 7946 0958,extra,more\nChloé,c@example.com,1\n", Utf8);

        var (_, columns, rows) = await ReadAllAsync(file, "ragged.csv");

        Assert.Equal(3, columns.Count);
        Assert.Equal([2, 5, 3], rows.Select(r => r.Length));
        Assert.Equal("more", rows[1][4]);
    }

    [Fact]
    public async Task NUL_characters_are_kept_for_the_caller_to_report()
    {
        using var file = Text("Name,Email\nA\0va,ava@example.com\n\0,x@example.com\n", Utf8);

        var (_, _, rows) = await ReadAllAsync(file, "nul.csv");

        Assert.Equal("A\0va", rows[0][0]);
        Assert.Equal("\0", rows[1][0]);
    }

    [Fact]
    public async Task A_25000_character_field_is_read_whole()
    {
        var notes = string.Concat(Enumerable.Range(0, 2_500).Select(i => $"note {i % 10}, ")).PadRight(25_000, 'x')[..25_000];
        using var file = Text($"Name,Notes,Email\nAva,\"{notes}\",ava@example.com\nBen,short,ben@example.com\n", Utf8);

        var (_, _, rows) = await ReadAllAsync(file, "long.csv");

        Assert.Equal(25_000, rows[0][1].Length);
        Assert.Equal(notes, rows[0][1]);
        Assert.Equal("ava@example.com", rows[0][2]);
        Assert.Equal("Ben", rows[1][0]);
    }

    [Fact]
    public async Task Empty_lines_are_skipped_and_not_counted_as_rows()
    {
        using var file = Text("Name,Email\r\n\r\nAva,ava@example.com\r\n\r\n\r\n,\r\n   ,  \r\nBen,ben@example.com\r\n\r\n", Utf8);

        var (_, _, rows) = await ReadAllAsync(file, "gaps.csv");

        Assert.Equal([["Ava", "ava@example.com"], ["Ben", "ben@example.com"]], rows);
    }

    [Fact]
    public async Task Header_names_are_trimmed_and_a_blank_one_is_named_by_its_position()
    {
        using var file = Text(" First Name ,,Email\nAva,x,ava@example.com\n", Utf8);
        var format = new ImportFileFormat(ImportFileType.Csv, ImportEncodings.Utf8, ',', HasHeader: true);

        using var reader = ImportRowReader.Open(file, format);

        Assert.Equal(["First Name", "Column 2", "Email"], reader.Columns);
    }

    [Fact]
    public async Task Without_a_header_the_columns_are_numbered_and_the_first_row_is_data()
    {
        using var file = Text("Ava,Dubois,ava@example.com\nBen,Ng,ben@example.com\n", Utf8);

        var (format, columns, rows) = await ReadAllAsync(file, "no-header.csv");

        Assert.False(format.HasHeader);
        Assert.Equal(["Column 1", "Column 2", "Column 3"], columns);
        Assert.Equal(["Ava", "Dubois", "ava@example.com"], rows[0]);
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public async Task The_byte_order_mark_is_not_part_of_the_first_column_name()
    {
        using var file = Text("Email,Name\r\nava@example.com,Ava\r\n", Utf8WithBom);

        var (_, columns, _) = await ReadAllAsync(file, "bom.csv");

        Assert.Equal("Email", columns[0]);
    }

    [Fact]
    public async Task A_UTF16_file_with_a_byte_order_mark_is_read()
    {
        // Excel's "Unicode text" export: UTF-16 LE, tab separated.
        using var file = Text("Vorname\tNachname\r\nJürgen\tMüller\r\n", Encoding.Unicode);

        var (format, columns, rows) = await ReadAllAsync(file, "kontakte.txt");

        Assert.Equal(new ImportFileFormat(ImportFileType.Tsv, ImportEncodings.Utf16LittleEndian, '\t', HasHeader: true), format);
        Assert.Equal(["Vorname", "Nachname"], columns);
        Assert.Equal(["Jürgen", "Müller"], rows.Single());
    }

    [Fact]
    public async Task A_workbook_gives_the_first_sheet_with_invariant_numbers_and_ISO_dates()
    {
        using var file = Xlsx(new Dictionary<string, object>
        {
            ["Deals"] = new[]
            {
                new Dictionary<string, object?>
                {
                    ["Deal Name"] = "Website redesign", ["Amount"] = 12345.5, ["Close Date"] = new DateTime(2026, 3, 31), ["Won"] = true, ["Notes"] = null,
                },
                new Dictionary<string, object?>
                {
                    ["Deal Name"] = "Support", ["Amount"] = 800, ["Close Date"] = new DateTime(2026, 12, 1), ["Won"] = false, ["Notes"] = "renewal",
                },
            },
            ["Other"] = new[] { new Dictionary<string, object> { ["Ignored"] = "not read" } },
        });

        var (format, columns, rows) = await ReadAllAsync(file, "deals.xlsx");

        Assert.Equal(ImportFileType.Xlsx, format.Type);
        Assert.Equal(["Deal Name", "Amount", "Close Date", "Won", "Notes"], columns);
        Assert.Equal(["Website redesign", "12345.5", "2026-03-31", "TRUE", ""], rows[0]);
        Assert.Equal(["Support", "800", "2026-12-01", "FALSE", "renewal"], rows[1]);
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public async Task Letters_of_several_bytes_read_whole_wherever_the_reads_split_the_file()
    {
        // Every row a different length, so over a few MB the read buffers end inside "ł", "é", "ü" and "ễ" many times.
        var text = new StringBuilder("First Name,Last Name\r\n");
        for (var i = 0; i < 60_000; i++) text.Append($"Łukasz{new string('é', i % 7)},Müller-Nguyễn{i}\r\n");
        using var file = Text(text.ToString(), Utf8WithBom);

        var (_, _, rows) = await ReadAllAsync(file, "letters.csv");

        Assert.Equal(60_000, rows.Count);
        Assert.DoesNotContain(rows, r => r.Any(f => f.Contains('\uFFFD')));
        Assert.Equal(["Łukasz" + new string('é', 59_999 % 7), "Müller-Nguyễn59999"], rows[^1]);
    }

    [Fact]
    public async Task A_large_file_is_streamed_a_row_at_a_time()
    {
        const int rowCount = 200_000;
        var path = Path.Combine(Path.GetTempPath(), $"import-stream-{Guid.NewGuid():N}.csv");
        try
        {
            await using (var writer = new StreamWriter(path, append: false, Utf8))
            {
                await writer.WriteLineAsync("First Name,Last Name,Email,Notes");
                for (var i = 1; i <= rowCount; i++)
                    await writer.WriteLineAsync($"First{i},Last{i},person{i}@example.com,\"note {i}, with a comma\"");
            }
            // bufferSize 0: no FileStream buffer, every read goes to the file.
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            var format = await ImportFileDetector.DetectAsync(file, "big.csv", TestContext.Current.CancellationToken);

            using var reader = ImportRowReader.Open(file, format);
            Assert.True(reader.TryRead(out var first));
            Assert.Equal(["First1", "Last1", "person1@example.com", "note 1, with a comma"], first);
            // The first row is there while only the start of the file has been read.
            Assert.InRange(reader.BytesRead, 1, file.Length / 10);

            var last = first;
            while (reader.TryRead(out var fields)) last = fields;

            Assert.Equal(rowCount, reader.RowNumber);
            Assert.Equal($"person{rowCount}@example.com", last[2]);
            Assert.Equal(file.Length, reader.BytesRead);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

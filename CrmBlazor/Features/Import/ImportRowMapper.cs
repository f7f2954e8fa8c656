using System.Globalization;

namespace CrmBlazor.Features.Import;

/// <summary>
/// Turns one row of the file into the staging row's mapped values (one per field of the kind, in
/// <see cref="ImportFields"/> order) and the problem only the file itself shows: NUL characters,
/// more fields than columns, bytes that are not text, a number or date that cannot be read. Everything that needs the
/// database (owners, companies, duplicates, existing records) is checked later, in SQL.
/// </summary>
public sealed class ImportRowMapper
{
    private readonly IReadOnlyList<ImportField> fields;
    private readonly int columnCount;
    private readonly (int Column, int Slot)[] sources;
    private readonly int fullName, firstName, lastName;

    public ImportRowMapper(ImportKind kind, int columnCount, IReadOnlyList<ColumnMapping> mapping)
    {
        fields = ImportFields.For(kind);
        this.columnCount = columnCount;
        sources = mapping.Where(m => m.Field is not null)
            .Select(m => (m.Column, Slot(m.Field!))).ToArray();
        fullName = Slot(ImportFields.FullName);
        firstName = Slot(ImportFields.FirstName);
        lastName = Slot(ImportFields.LastName);
    }

    /// <summary>The field's position in <c>mapped</c>, from 0 (SQL arrays count from 1); -1 when the kind has no such field.</summary>
    public int Slot(string field)
    {
        for (var i = 0; i < fields.Count; i++)
            if (fields[i].Key == field) return i;
        return -1;
    }

    public const string UnreadableCharacters =
        "This row has bytes that are not text in the file's encoding (the file mixes encodings); save the whole file as UTF-8 and upload it again.";

    public (string?[] Mapped, string? Problem) Map(string[] raw)
    {
        var mapped = new string?[fields.Count];
        string? problem = null;
        if (raw.Length > columnCount)
            problem = $"This row has {raw.Length} fields but the file has {columnCount} columns (a quote or separator is probably missing).";
        if (Array.Exists(raw, f => f.Contains('\0')))
            problem ??= "This row contains a NUL character, which is not text; remove it from the file.";
        // The encoding is judged on the file's first 64 KB: bytes further on that are not text in it were read as U+FFFD.
        if (Array.Exists(raw, f => f.Contains('\uFFFD')))
            problem ??= UnreadableCharacters;

        foreach (var (column, slot) in sources)
        {
            if (column >= raw.Length) continue;
            var value = raw[column].Replace("\0", "").Trim();
            if (value.Length == 0) continue;
            var (normalized, error) = Normalize(fields[slot], value);
            mapped[slot] = normalized;
            problem ??= error;
        }

        if (fullName >= 0 && mapped[fullName] is { } whole && mapped[firstName] is null && mapped[lastName] is null)
        {
            var (first, last) = FullNameParts.Split(whole);
            mapped[firstName] = first;
            mapped[lastName] = last;
        }
        return (mapped, problem);
    }

    private static (string? Value, string? Problem) Normalize(ImportField field, string value) => field.Key switch
    {
        ImportFields.Domain or ImportFields.CompanyDomain => (DomainOf(value), null),
        ImportFields.Value => ParseNumber(value) is { } amount && amount >= 0
            ? (amount.ToString(CultureInfo.InvariantCulture), null)
            : (null, $"{field.Label} “{value}” is not a number of 0 or more."),
        ImportFields.Probability => ParseNumber(value.TrimEnd('%', ' ')) is { } p && p is >= 0 and <= 100 && p == decimal.Truncate(p)
            ? (p.ToString(CultureInfo.InvariantCulture), null)
            : (null, $"{field.Label} “{value}” is not a whole number from 0 to 100."),
        ImportFields.ExpectedCloseDate => ParseDate(value) is { } date
            ? (date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null)
            : (null, $"{field.Label} “{value}” is not a date (write it as 2026-12-31)."),
        ImportFields.Currency => (value.ToUpperInvariant(), null),
        _ => (value, null),
    };

    /// <summary>The host of a bare domain, a URL or an email address, as the company form tidies it.</summary>
    public static string DomainOf(string value) => Companies.WebAddress.Domain(value) ?? "";

    private static decimal? ParseNumber(string value)
    {
        var text = value.Replace(" ", "").Replace("\u00a0", "").TrimStart('$', '€', '£');
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var invariant)) return invariant;
        // "1.234,50" and "1234,5": a comma as the decimal mark, as German, French and Spanish files write it.
        return decimal.TryParse(text, NumberStyles.Number, CultureInfo.GetCultureInfo("de-DE"), out var comma) ? comma : null;
    }

    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy/MM/dd", "dd.MM.yyyy", "d.M.yyyy", "MM/dd/yyyy", "M/d/yyyy"];

    private static DateOnly? ParseDate(string value) =>
        DateTime.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? DateOnly.FromDateTime(date) : null;
}

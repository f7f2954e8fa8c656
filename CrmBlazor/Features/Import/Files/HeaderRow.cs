using System.Globalization;
using System.Text.RegularExpressions;

namespace CrmBlazor.Features.Import;

/// <summary>
/// Whether a file's first row names its columns, judged on the first rows of the file. Row 1 is a header when
/// <list type="number">
/// <item>none of its cells is empty, except in a column that is empty in every sampled row (a trailing delimiter);</item>
/// <item>none of its cells looks like a value: a number, a date, an email address, a phone number or a web address;</item>
/// <item>it differs from the rows below: none of its cells appears again in the same column of a sampled row.</item>
/// </list>
/// Column labels pass all three. A row of data fails as soon as it holds an email, a phone number, an amount, a date or
/// a blank cell, which real contact, company and deal rows nearly always do; a file of bare names without a header is
/// the case this gets wrong, and the mapping step lets the user say otherwise.
/// </summary>
internal static partial class HeaderRow
{
    public static bool IsLikely(IReadOnlyList<string[]> rows)
    {
        if (rows.Count == 0) return false;
        var first = rows[0];
        for (var column = 0; column < first.Length; column++)
        {
            var cell = first[column].Trim();
            if (cell.Length == 0)
            {
                if (rows.Skip(1).Any(row => column < row.Length && !string.IsNullOrWhiteSpace(row[column]))) return false;
                continue;
            }
            if (LooksLikeValue(cell)) return false;
            if (rows.Skip(1).Any(row => column < row.Length && string.Equals(row[column].Trim(), cell, StringComparison.OrdinalIgnoreCase)))
                return false;
        }
        return first.Any(cell => !string.IsNullOrWhiteSpace(cell));
    }

    private static bool LooksLikeValue(string cell) =>
        Number().IsMatch(cell) || Phone().IsMatch(cell) || NumericDate().IsMatch(cell) || Email().IsMatch(cell) || Web().IsMatch(cell)
        || DateTime.TryParse(cell, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    // 1234, -1.5, 1,234.50, 1.234,50, € 120, 120 €, 50 %
    [GeneratedRegex(@"^[-+(]?\p{Sc}?\s?\d[\d\s.,'’]*\s?(%|\p{Sc})?\)?$")]
    private static partial Regex Number();

    // +49 30 1234567, (030) 123-456, 030/123456
    [GeneratedRegex(@"^\+?\(?\d[\d\s().\-/]{4,}$")]
    private static partial Regex Phone();

    // 2024-03-01, 01.03.2024, 3/1/24, optionally with a time
    [GeneratedRegex(@"^\d{1,4}[-./]\d{1,2}[-./]\d{1,4}([ T].*)?$")]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex Email();

    [GeneratedRegex(@"^(https?://|www\.)", RegexOptions.IgnoreCase)]
    private static partial Regex Web();
}

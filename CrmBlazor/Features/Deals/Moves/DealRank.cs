namespace CrmBlazor.Features.Deals.Moves;

/// <summary>
/// A deal's position in its stage column: base-36 digits read as a fraction (0.xyz…) and compared
/// byte by byte (the column has collation "C"). A rank never ends in '0', so a rank strictly between
/// any two ranks always exists and a move only ever rewrites the moved deal.
/// </summary>
public static class DealRank
{
    private const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>Past this length a column is worth rebalancing (ranks grow ~1 character per 5 moves into one gap).</summary>
    public const int RebalanceLength = 32;

    /// <summary>Evenly spaced ranks for <paramref name="count"/> deals, e.g. when seeding or rebalancing a column.</summary>
    public static IReadOnlyList<string> Spread(int count)
    {
        var width = Math.Max(2, (int)Math.Ceiling(Math.Log(count + 1, Digits.Length)) + 1);
        var space = (long)Math.Pow(Digits.Length, width);
        return Enumerable.Range(1, count).Select(i => Encode(space * i / (count + 1), width).TrimEnd('0')).ToList();
    }

    /// <summary>
    /// A rank strictly between <paramref name="before"/> and <paramref name="after"/>; null means the
    /// start or the end of the column.
    /// </summary>
    public static string Between(string? before, string? after)
    {
        before ??= "";
        if (after is not null && string.CompareOrdinal(before, after) >= 0)
            throw new ArgumentException($"'{before}' must sort before '{after}'.");
        return Midpoint(before, after);
    }

    // Fractional indexing: the shortest digit string between a and b (b null = 1.0).
    private static string Midpoint(string a, string? b)
    {
        if (b is not null)
        {
            var common = 0;
            while (common < b.Length && (common < a.Length ? a[common] : '0') == b[common]) common++;
            if (common > 0)
                return b[..common] + Midpoint(common < a.Length ? a[common..] : "", b[common..]);
        }
        var low = a.Length > 0 ? Digits.IndexOf(a[0]) : 0;
        var high = b is not null ? Digits.IndexOf(b[0]) : Digits.Length;
        if (high - low > 1)
            return Digits[(low + high + 1) / 2].ToString();
        // Adjacent first digits: keep a's first digit and go one place deeper.
        return b is { Length: > 1 } ? b[..1] : Digits[low] + Midpoint(a.Length > 1 ? a[1..] : "", null);
    }

    private static string Encode(long value, int width)
    {
        var chars = new char[width];
        for (var i = width - 1; i >= 0; i--, value /= Digits.Length)
            chars[i] = Digits[(int)(value % Digits.Length)];
        return new string(chars);
    }
}

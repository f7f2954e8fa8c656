namespace CrmBlazor.Features.Pipeline;

/// <summary>
/// A deal's position in its stage column: a string of base-36 digits compared byte by byte (the
/// column has collation "C"). A rank strictly between any two ranks always exists, so a move only
/// ever rewrites the moved deal.
/// </summary>
public static class DealRank
{
    private const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";

    /// <summary>Evenly spaced ranks for <paramref name="count"/> deals, e.g. when seeding or rebalancing a column.</summary>
    public static IReadOnlyList<string> Spread(int count)
    {
        const int width = 4;
        var space = (long)Math.Pow(Digits.Length, width);
        return Enumerable.Range(1, count).Select(i => Encode(space * i / (count + 1), width)).ToList();
    }

    private static string Encode(long value, int width)
    {
        var chars = new char[width];
        for (var i = width - 1; i >= 0; i--, value /= Digits.Length)
            chars[i] = Digits[(int)(value % Digits.Length)];
        return new string(chars);
    }
}

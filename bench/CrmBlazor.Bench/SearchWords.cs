using System.Globalization;
using System.Text;

namespace CrmBlazor.Bench;

/// <summary>
/// The search's words as issue 12's rules define them, written here on their own (not taken from the
/// engine): case- and accent-insensitive, split on anything not a letter or digit and between letters
/// and digits ("dubois83" is "dubois" and "83").
/// </summary>
public static class SearchWords
{
    // Letters whose accent is not a separate mark in Unicode, and the Cyrillic й, which PostgreSQL's
    // unaccent keeps (though Unicode writes it as и and a breve).
    private static readonly Dictionary<char, string> Special = new()
    {
        ['ł'] = "l", ['Ł'] = "L", ['ø'] = "o", ['Ø'] = "O", ['ß'] = "ss", ['đ'] = "d", ['Đ'] = "D", ['ð'] = "d", ['Ð'] = "D",
        ['æ'] = "ae", ['Æ'] = "AE", ['œ'] = "oe", ['Œ'] = "OE", ['ı'] = "i", ['þ'] = "th", ['Þ'] = "Th", ['ħ'] = "h", ['Ħ'] = "H",
        ['й'] = "й", ['Й'] = "Й",
    };

    /// <summary>The text without accents, as someone types it on a keyboard without them: "Łukasz Nguyễn" is "Lukasz Nguyen".</summary>
    public static string Fold(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            if (char.IsAscii(c)) folded.Append(c);
            else if (Special.TryGetValue(c, out var plain)) folded.Append(plain);
            else
                foreach (var part in c.ToString().Normalize(NormalizationForm.FormD))
                    if (CharUnicodeInfo.GetUnicodeCategory(part) != UnicodeCategory.NonSpacingMark) folded.Append(part);
        }
        return folded.ToString();
    }

    /// <summary>The lower-case, accent-free words of the text, in order.</summary>
    public static List<string> Words(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrEmpty(text)) return words;
        var folded = Fold(text).ToLowerInvariant();
        var start = 0;
        var kind = CharKind.Other;
        for (var i = 0; i <= folded.Length; i++)
        {
            var next = i < folded.Length ? KindOf(folded[i]) : CharKind.Other;
            if (next == kind) continue;
            if (kind != CharKind.Other) words.Add(folded[start..i]);
            (start, kind) = (i, next);
        }
        return words;
    }

    public static bool IsDigits(string word) => word.Length > 0 && word.All(char.IsDigit);

    /// <summary>How many typos the rules allow on a query word: none under 5 characters, one for 5–8, two for 9+; none on numbers.</summary>
    public static int TypoBudget(string word) => IsDigits(word) || word.Length < 5 ? 0 : word.Length <= 8 ? 1 : 2;

    /// <summary>Damerau distance (optimal string alignment): insertions, deletions, substitutions and swaps of adjacent letters.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }

    private enum CharKind { Other, Letter, Digit }

    private static CharKind KindOf(char c) => char.IsLetter(c) ? CharKind.Letter : char.IsDigit(c) ? CharKind.Digit : CharKind.Other;
}

namespace CrmBlazor.Features.Import;

/// <summary>
/// Splits a whole name from one column into first and last name:
/// <list type="bullet">
/// <item>"Last, First" (with a comma) is taken as written: "Dubois, Ava" gives (Ava, Dubois);</item>
/// <item>otherwise the last name starts at the first lower-case particle after the first word (van, von, de, da,
/// del, der, den, des, di, du, la, le), so "Mary Ann van der Berg" gives (Mary Ann, van der Berg);</item>
/// <item>without a particle the last word is the last name: "Mary Ann Smith" gives (Mary Ann, Smith);</item>
/// <item>a single word is a first name: "Ava" gives (Ava, null).</item>
/// </list>
/// A capitalised "Van" or "De" counts as a name, not a particle: "Dick Van Dyke" gives (Dick Van, Dyke), the price of
/// not splitting "Anne De Smet" wrongly either way. Blank parts are null.
/// </summary>
public static class FullNameParts
{
    private static readonly HashSet<string> Particles = ["van", "von", "de", "da", "del", "der", "den", "des", "di", "du", "la", "le"];

    public static (string? First, string? Last) Split(string fullName)
    {
        var comma = fullName.IndexOf(',');
        if (comma >= 0) return (Tidy(fullName[(comma + 1)..]), Tidy(fullName[..comma]));

        var words = fullName.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return (null, null);
        if (words.Length == 1) return (words[0], null);

        var lastStart = Array.FindIndex(words, 1, w => Particles.Contains(w));
        if (lastStart < 0) lastStart = words.Length - 1;
        return (string.Join(' ', words[..lastStart]), string.Join(' ', words[lastStart..]));
    }

    private static string? Tidy(string part)
    {
        var words = part.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0 ? null : string.Join(' ', words);
    }
}

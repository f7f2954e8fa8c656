namespace CrmBlazor.Bench;

/// <summary>
/// The `q` figures' queries, made from the tenant's own contacts with a fixed seed: the exact name, the first
/// name and a short prefix of the last, the last name with one typo (a substitution, a swap or a deletion in
/// turn), and words of rare letters that match no one.
/// </summary>
public static class ApiSearchQueries
{
    private const string NothingLetters = "qxzjvkw";

    public static IEnumerable<(string Kind, List<string> Queries)> Make(IReadOnlyList<(string First, string Last)> names, int perKind, int seed)
    {
        var random = new Random(seed);
        (string First, string Last) Pick() => names[random.Next(names.Count)];
        yield return ("exact", Distinct(perKind, () => { var (first, last) = Pick(); return $"{first} {last}"; }));
        yield return ("prefix", Distinct(perKind, () => { var (first, last) = Pick(); return $"{first} {last[..Math.Min(last.Length, 1 + random.Next(3))]}"; }));
        var edit = 0;
        yield return ("typo", Distinct(perKind, () =>
        {
            var (first, last) = Pick();
            return last.Length < 6 ? null : $"{first} {Typo(last, edit++ % 3, random)}";
        }));
        yield return ("nothing", Distinct(perKind, () => string.Join(' ', Enumerable.Range(0, 2 + random.Next(2))
            .Select(_ => new string(Enumerable.Range(0, 7 + random.Next(4)).Select(_ => NothingLetters[random.Next(NothingLetters.Length)]).ToArray())))));
    }

    /// <summary>One edit inside the word (never its first letter, so the word is not a prefix of another by chance).</summary>
    private static string Typo(string word, int kind, Random random)
    {
        var at = 1 + random.Next(word.Length - 2);
        return kind switch
        {
            0 => word[..at] + (word[at] == 'x' ? 'y' : 'x') + word[(at + 1)..],
            1 => word[..at] + word[at + 1] + word[at] + word[(at + 2)..],
            _ => word[..at] + word[(at + 1)..],
        };
    }

    private static List<string> Distinct(int count, Func<string?> make)
    {
        var made = new HashSet<string>();
        for (var tries = 0; made.Count < count && tries < count * 20; tries++)
            if (make() is { } query) made.Add(query);
        return [.. made];
    }
}

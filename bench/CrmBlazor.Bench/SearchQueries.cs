using System.Text.RegularExpressions;

namespace CrmBlazor.Bench;

/// <summary>
/// A query made from a contact (its source; none for "nothing"), and whether the rules pin the source to
/// the first 10 rows: at most 10 contacts match the query with as few typos as the source does.
/// </summary>
public sealed record SearchQuery(string Kind, string Text, Guid Source, bool Pinned);

/// <summary>
/// The search bench's queries, from real contacts of one tenant with a fixed seed, 200 of each kind:
/// <list type="bullet">
/// <item>exact: "first last";</item>
/// <item>prefix: the first name and the first 1–3 letters of the last, as far as a rep has typed;</item>
/// <item>typo1: "first last" with one edit in a word of 5+ letters (after the edit), rotating deletion,
/// insertion, substitution and a swap of two adjacent letters;</item>
/// <item>typo2: two edits in a word of 9+ letters (after the edits);</item>
/// <item>accent: a name with accented letters typed without them (ł→l, ø→o, ß→ss, đ→d, marks dropped);</item>
/// <item>domain: the contact's email domain;</item>
/// <item>phone: the phone's digits, a third of them without the country code;</item>
/// <item>nothing: 2–3 words of 7–10 letters from "qxzjvkw", none within two typos of a real word.</item>
/// </list>
/// A query is kept only when the rules match its source with the typos the kind means: a deletion at the
/// end of the last word, for one, leaves a prefix that matches with none, and that would be no typo query.
/// </summary>
public static class SearchQueries
{
    public const int PerKind = 200;
    public const string Nothing = "nothing";
    public static readonly string[] Kinds = ["exact", "prefix", "typo1", "typo2", "accent", "domain", "phone", Nothing];

    private const string NothingLetters = "qxzjvkw";
    private const int Deletion = 0, Insertion = 1, Substitution = 2, Swap = 3;

    public static List<SearchQuery> Generate(SearchRules rules, int seed)
    {
        var random = new Random(seed);
        var queries = new List<SearchQuery>();
        foreach (var kind in Kinds)
        {
            var made = 0;
            for (var attempt = 0; made < PerKind; attempt++)
            {
                if (attempt == PerKind * 1000) throw new InvalidOperationException($"The tenant's contacts gave only {made} {kind} queries.");
                if (kind == Nothing)
                {
                    var nothing = NothingText(random);
                    if (rules.CountMatching(nothing, int.MaxValue, 1) > 0) continue;
                    queries.Add(new(kind, nothing, Guid.Empty, false));
                    made++;
                    continue;
                }
                var source = random.Next(rules.Rows.Count);
                var (text, typos) = Make(kind, rules.Rows[source], made, random);
                if (text is null || rules.Typos(text, source) != typos) continue;
                queries.Add(new(kind, text, rules.Rows[source].Id, rules.CountMatching(text, typos, 11) <= 10));
                made++;
            }
        }
        return queries;
    }

    /// <summary>The query of the kind made from the contact, and the typos it should match it with; no text when the contact does not lend itself.</summary>
    private static (string? Text, int Typos) Make(string kind, SearchRules.Row row, int index, Random random)
    {
        var (first, last) = (row.FirstName ?? "", row.LastName ?? "");
        var name = first.Length > 0 && last.Length > 0 ? $"{first} {last}" : null;
        return kind switch
        {
            "exact" => (name, 0),
            "prefix" => (name is null ? null : $"{first} {last[..Math.Min(last.Length, random.Next(1, 4))]}", 0),
            "typo1" => (name is null ? null : WithTypos(name, [index % 4], 5, random), 1),
            "typo2" => (name is null ? null : WithTypos(name, [index % 4, index / 4 % 4], 9, random), 2),
            "accent" => (name is not null && SearchWords.Fold(name) is var plain && plain != name && plain.All(char.IsAscii) ? plain : null, 0),
            "domain" => (row.Email?[(row.Email.IndexOf('@') + 1)..], 0),
            "phone" => (row.Phone is null ? null : Digits(random.Next(3) == 0 ? row.Phone.Split(' ', 2)[^1] : row.Phone), 0),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>
    /// The text with the edits made in one of its words, which has at least <paramref name="minLength"/>
    /// letters afterwards and is that many edits away from the original (as the engine compares them:
    /// folded). Only words whose every letter folds to one letter are edited, so an edit stays one edit.
    /// </summary>
    private static string? WithTypos(string text, int[] edits, int minLength, Random random)
    {
        var words = Regex.Matches(text, @"\p{L}+")
            .Where(w => w.Length >= minLength - edits.Length && w.Value.All(c => SearchWords.Fold(c.ToString()).Length == 1))
            .ToList();
        if (words.Count == 0) return null;
        var word = words[random.Next(words.Count)];
        var letters = word.Value.ToList();
        foreach (var edit in edits)
            if (!Edit(letters, edit, random)) return null;
        var (before, after) = (Plain(word.Value), Plain(string.Concat(letters)));
        if (after.Length < minLength || SearchWords.Distance(before, after) != edits.Length) return null;
        return text[..word.Index] + string.Concat(letters) + text[(word.Index + word.Length)..];
    }

    private static bool Edit(List<char> letters, int edit, Random random)
    {
        switch (edit)
        {
            case Deletion:
                letters.RemoveAt(random.Next(letters.Count));
                return true;
            case Insertion:
                letters.Insert(random.Next(letters.Count + 1), (char)('a' + random.Next(26)));
                return true;
            case Substitution:
                var at = random.Next(letters.Count);
                var other = (char)('a' + random.Next(25));
                letters[at] = other >= Plain(letters[at].ToString())[0] ? (char)(other + 1) : other; // never the same letter
                return true;
            case Swap:
                var swappable = Enumerable.Range(0, letters.Count - 1).Where(i => Plain(letters[i].ToString()) != Plain(letters[i + 1].ToString())).ToList();
                if (swappable.Count == 0) return false;
                var i = swappable[random.Next(swappable.Count)];
                (letters[i], letters[i + 1]) = (letters[i + 1], letters[i]);
                return true;
            default:
                throw new ArgumentOutOfRangeException(nameof(edit), edit, null);
        }
    }

    private static string Plain(string text) => SearchWords.Fold(text).ToLowerInvariant();

    private static string Digits(string text) => new(text.Where(char.IsDigit).ToArray());

    private static string NothingText(Random random) =>
        string.Join(' ', Enumerable.Range(0, random.Next(2, 4)).Select(_ =>
            new string(Enumerable.Range(0, random.Next(7, 11)).Select(_ => NothingLetters[random.Next(NothingLetters.Length)]).ToArray())));
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CrmBlazor.Features.Import;

/// <summary>
/// Suggests the field each source column maps to, from its header (<see cref="ImportColumnSynonyms"/>), so that the
/// exports of HubSpot, Salesforce, Pipedrive, Google Contacts and Outlook, and German, French and Spanish headers,
/// arrive mapped.
/// </summary>
public static partial class ImportColumnSuggestions
{
    /// <summary>A header listed as it is beats any header found only once its qualifier is dropped.</summary>
    private const int QualifiedPenalty = 1_000;

    private static readonly Dictionary<ImportKind, Vocabulary> Vocabularies =
        Enum.GetValues<ImportKind>().ToDictionary(kind => kind, Vocabulary.Build);

    /// <summary>
    /// One mapping per column, in column order; a field goes to one column at most, the best match, and on a tie the
    /// first column. A full-name column is left unmapped when first or last names have columns of their own (Google
    /// Contacts and Pipedrive export all three), so that a name does not come from two places.
    /// </summary>
    public static IReadOnlyList<ColumnMapping> Suggest(ImportKind kind, IReadOnlyList<string> columns)
    {
        var vocabulary = Vocabularies[kind];
        var fields = new string?[columns.Count];
        var taken = new HashSet<string>();
        var candidates = columns
            .Select((header, column) => (Column: column, Match: vocabulary.Match(header)))
            .Where(c => c.Match is not null)
            .OrderBy(c => c.Match!.Value.Score)
            .ThenBy(c => c.Column);
        foreach (var (column, match) in candidates)
        {
            if (taken.Add(match!.Value.Field)) fields[column] = match.Value.Field;
        }
        if (taken.Contains(ImportFields.FirstName) || taken.Contains(ImportFields.LastName))
        {
            var fullName = Array.IndexOf(fields, ImportFields.FullName);
            if (fullName >= 0) fields[fullName] = null;
        }
        return fields.Select((field, column) => new ColumnMapping(column, field)).ToList();
    }

    /// <summary>
    /// A header reduced to its lower-case letters without accents, leaving out a remark in parentheses unless that is all
    /// there is: "E-mail 1 - Value" is "emailvalue", "Straße" is "strasse", "Owner (email or name)" is "owner".
    /// </summary>
    internal static string Compact(string header)
    {
        var withoutRemarks = Letters(Remark().Replace(header, ""));
        return withoutRemarks.Length > 0 ? withoutRemarks : Letters(header);
    }

    private static string Letters(string text)
    {
        var letters = new StringBuilder(text.Length);
        foreach (var c in text.Replace("ß", "ss").Normalize(NormalizationForm.FormD))
        {
            if (char.IsLetter(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                letters.Append(char.ToLowerInvariant(c));
        }
        return letters.ToString();
    }

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Remark();

    private sealed record Vocabulary(Dictionary<string, (string Field, int Rank)> Headers, string[] Qualifiers)
    {
        public static Vocabulary Build(ImportKind kind)
        {
            var headers = new Dictionary<string, (string Field, int Rank)>();
            foreach (var (field, names) in ImportColumnSynonyms.For(kind))
            {
                for (var rank = 0; rank < names.Length; rank++)
                {
                    var key = Compact(names[rank]);
                    if (!headers.TryGetValue(key, out var known)) headers[key] = (field, rank);
                    else if (known.Field != field)
                        throw new InvalidOperationException($"The {kind} header '{names[rank]}' is listed for both {known.Field} and {field}.");
                }
            }
            return new Vocabulary(headers, ImportColumnSynonyms.Qualifiers(kind).Select(Compact).ToArray());
        }

        public (string Field, int Score)? Match(string header)
        {
            var key = Compact(header);
            if (key.Length == 0) return null;
            if (Headers.TryGetValue(key, out var exact)) return (exact.Field, exact.Rank);
            foreach (var qualifier in Qualifiers)
            {
                if (key.Length > qualifier.Length && key.StartsWith(qualifier, StringComparison.Ordinal)
                    && Headers.TryGetValue(key[qualifier.Length..], out var qualified))
                    return (qualified.Field, QualifiedPenalty + qualified.Rank);
            }
            return null;
        }
    }
}

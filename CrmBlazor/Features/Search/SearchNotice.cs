using System.Globalization;

namespace CrmBlazor.Features.Search;

/// <summary>What a list says when its search found more than it lists (<see cref="RecordSearch.MaxResults"/>).</summary>
public static class SearchNotice
{
    private static readonly string Max = RecordSearch.MaxResults.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// E.g. "1,000+ contacts match; the list shows the best 1,000. Type more to narrow it." RECORDS is the
    /// plural the list counts (each record once, however many of its fields matched). With a column sort
    /// chosen, it says the sort orders only those best ones: the rest were never read.
    /// </summary>
    public static string Capped(string records, bool sortChosen) => sortChosen
        ? $"{Max}+ {records} match; the list shows the best {Max}, and the sort orders those {Max} only. Type more to narrow it."
        : $"{Max}+ {records} match; the list shows the best {Max}. Type more to narrow it.";

    /// <summary>
    /// How many records a list's search found, for screen readers to announce, e.g. "4 contacts match “Dubios”":
    /// records, each once however many of its fields matched; "1,000+" when there are more than it lists.
    /// </summary>
    public static string Found(SearchText search, int count, bool capped, string record, string records)
    {
        var found = capped ? $"{Max}+ {records} match"
            : count == 0 ? $"No {records} match"
            : count == 1 ? $"1 {record} matches"
            : $"{count.ToString("N0", CultureInfo.InvariantCulture)} {records} match";
        return $"{found} “{search.Text}”";
    }
}

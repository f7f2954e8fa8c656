namespace CrmBlazor.Features.Search;

/// <summary>The kinds of record one search rule set finds; their names in SQL are the lower-case names.</summary>
public enum SearchKind { Contact, Company, Deal }

/// <summary>
/// One record a search found (crm_search, Sql/search.sql): its place in the ranking (1 is best), how
/// many typos and whether the last word matched as a prefix, how many fields matched, and the first
/// field outside the name a word matched in ("company", "email", "title", "phone", preferred in that order), if any.
/// </summary>
public sealed record SearchMatch(Guid RecordId, int Typos, bool Prefixed, int Fields, string? MatchedOn, long Place)
{
    /// <summary>The short hint a result shows when it matched outside the name, e.g. "matched on email".</summary>
    public static string? Hint(SearchKind kind, string? matchedOn) => matchedOn switch
    {
        null => null,
        "email" when kind == SearchKind.Company => "matched on domain",
        "title" => "matched on job title",
        _ => $"matched on {matchedOn}",
    };
}

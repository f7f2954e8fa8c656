using System.Globalization;

namespace CrmBlazor.Features.Board;

/// <summary>
/// The board's filters as query parameters: ?q=…&amp;owner=mine|{user id}&amp;tag={id}&amp;from=yyyy-MM-dd&amp;to=yyyy-MM-dd.
/// An empty filter writes nothing; a value that no longer means anything (a deleted tag's id, a bad date) reads as no filter.
/// </summary>
public static class BoardFilterQuery
{
    public const string Search = "q", Owner = "owner", Tag = "tag", CloseFrom = "from", CloseTo = "to";
    private const string Mine = "mine", DateFormat = "yyyy-MM-dd";

    public static IReadOnlyDictionary<string, object?> Write(BoardFilter filter) => new Dictionary<string, object?>
    {
        [Search] = filter.Search,
        [Owner] = filter.Owner.Mine ? Mine : filter.Owner.UserId?.ToString(),
        [Tag] = filter.TagId,
        [CloseFrom] = filter.CloseFrom?.ToString(DateFormat, CultureInfo.InvariantCulture),
        [CloseTo] = filter.CloseTo?.ToString(DateFormat, CultureInfo.InvariantCulture),
    };

    public static BoardFilter Read(BoardChoices choices, string? search, string? owner, Guid? tag, string? closeFrom, string? closeTo) => new()
    {
        Search = string.IsNullOrWhiteSpace(search) ? null : search,
        Owner = owner == Mine ? OwnerFilter.Me
            : Guid.TryParse(owner, out var userId) ? choices.Owners.FirstOrDefault(o => o.UserId == userId) ?? OwnerFilter.Anyone
            : OwnerFilter.Anyone,
        TagId = choices.Tags.Any(t => t.Id == tag) ? tag : null,
        CloseFrom = Date(closeFrom),
        CloseTo = Date(closeTo),
    };

    private static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}

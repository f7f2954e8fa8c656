using System.Globalization;
using CrmBlazor.Features.Board;
using CrmBlazor.Features.Companies;
using CrmBlazor.Features.Contacts;
using Microsoft.Extensions.Primitives;

namespace CrmBlazor.Features.Export;

/// <summary>
/// A list's current view as the query string of its export link, and back. Contacts use the list's own
/// address (<see cref="ContactListUrl"/>); companies and deals keep their view in the page, so their
/// parameters are spelled here.
/// </summary>
public static class ExportQueries
{
    public static ContactQuery Contacts(IQueryCollection q) => ContactListUrl.Parse(
        q["q"], GuidOf(q["tag"]), GuidOf(q["owner"]), GuidOf(q["company"]), q["sort"], IsTrue(q["desc"]), null, null);

    public static CompanyQuery Companies(IQueryCollection q) =>
        CompanyListUrl.Parse(q["q"], q["role"], GuidOf(q["owner"]), q["sort"], IsTrue(q["desc"]), null, null);

    public static IReadOnlyDictionary<string, object?> Parameters(DealListQuery query) => new Dictionary<string, object?>
    {
        ["pipeline"] = query.PipelineId,
        ["owner"] = query.Filter.Owner.Mine ? "mine" : query.Filter.Owner.UserId,
        ["tag"] = query.Filter.TagId,
        ["q"] = query.Filter.Search,
        ["from"] = query.Filter.CloseFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["to"] = query.Filter.CloseTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["sort"] = query.Sort == DealListSort.Stage ? null : query.Sort.ToString(),
        ["desc"] = query.Descending ? true : null,
    };

    /// <summary>Null without a pipeline: the deals list is always one pipeline's.</summary>
    public static DealListQuery? Deals(IQueryCollection q)
    {
        if (GuidOf(q["pipeline"]) is not { } pipelineId) return null;
        var owner = string.Equals(q["owner"], "mine", StringComparison.OrdinalIgnoreCase) ? OwnerFilter.Me
            : GuidOf(q["owner"]) is { } ownerId ? new OwnerFilter("", ownerId) : OwnerFilter.Anyone;
        var filter = new BoardFilter
        {
            Owner = owner, TagId = GuidOf(q["tag"]), Search = Blank(q["q"]), CloseFrom = DateOf(q["from"]), CloseTo = DateOf(q["to"]),
        };
        return new(pipelineId, filter, Enum.TryParse<DealListSort>(q["sort"], ignoreCase: true, out var sort) ? sort : DealListSort.Stage,
            IsTrue(q["desc"]));
    }

    private static Guid? GuidOf(StringValues value) => Guid.TryParse(value, out var id) ? id : null;

    private static DateOnly? DateOf(StringValues value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static bool IsTrue(StringValues value) => bool.TryParse(value, out var b) && b;

    private static string? Blank(StringValues value) => string.IsNullOrWhiteSpace(value) ? null : value.ToString();
}
